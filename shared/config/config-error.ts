import { BadgeError } from '../errors.js';
import type { EnvName } from './env.js';

export type ConfigErrorCode = 'CONFIG_MISSING' | 'CONFIG_INVALID';

/** A deployment fault, not a caller's: it maps to a 500 whose body reveals nothing of it. */
export class ConfigError extends BadgeError {
  readonly variable: EnvName;

  constructor(code: ConfigErrorCode, variable: EnvName, message: string) {
    super(code, message, { status: 500, details: { variable } });
    this.name = 'ConfigError';
    this.variable = variable;
  }
}
