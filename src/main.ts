/**
 * Entry point: config from the environment, then the server, until SIGTERM/SIGINT.
 * The first signal shuts down gracefully (app.stop: turns finish or are cancelled within
 * SHUTDOWN_GRACE_MS, then connections and stores close) and exits 0; a second signal,
 * or a shutdown stuck well past the grace period, exits at once with 1.
 */
import { type App, buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './observability/logger.js';
import { describeStartupError, StartupError } from './startup-errors.js';

/** Beyond the grace period: cancelled turns storing their DoneEvents, closing the stores. */
const SHUTDOWN_SLACK_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  let app: App;
  try {
    app = await buildApp(config, { logger });
    await app.start();
  } catch (err) {
    // MongoDB, Redis or the port: one line naming the setting (startup-errors.ts).
    throw describeStartupError(err, config) ?? err;
  }
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
    const watchdog = setTimeout(() => {
      logger.error('shutdown took too long: exiting without waiting');
      process.exit(1);
    }, config.shutdownGraceMs + SHUTDOWN_SLACK_MS);
    watchdog.unref();
    app.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((err) => {
  // Said on stderr as plain text, not as a log line: the operator reads it at start-up.
  if (err instanceof ConfigError || err instanceof StartupError)
    console.error(`Parley: ${err.message}`);
  else console.error('Parley failed to start:', err);
  process.exit(1);
});
