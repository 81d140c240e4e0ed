/** Parley's own entry point, with the bench's memory hook installed first. */
import '../lib/memory-hook.js';
import '../../src/main.js';
