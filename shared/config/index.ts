export { ConfigError, type ConfigErrorCode } from './config-error.js';
export { ENV, ENV_NAMES, type EnvName, isEnvName } from './env.js';
export {
  type CoreConfig,
  type LoadConfigOptions,
  loadConfig,
  type OptionalConfig,
  type OptionalSetting,
  parseConfig,
  type RuntimeConfig,
} from './load-config.js';
