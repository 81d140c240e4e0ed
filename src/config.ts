/**
 * Configuration from the environment (config/): the schema of every setting
 * (schema.ts), the parsed shape (types.ts), each group of settings (groups.ts) and
 * loadConfig with its start-up refusals (load.ts).
 */
export { configFrom, loadConfig } from './config/load.js';
export {
  type Config,
  ConfigError,
  type LimitsConfig,
  type OpenAIConfig,
  type OriginPolicyConfig,
} from './config/types.js';
