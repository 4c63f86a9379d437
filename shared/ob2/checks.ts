import {
  CheckCode,
  type CredentialFormat,
  summarize,
  type VerificationCheck,
  type VerificationResult,
} from '../verify/result.js';

/**
 * The checks of one OB 2.0 verification, in the order they ran. A code may collect several failures; it passes
 * only when `settle` is called and nothing failed under it. Codes never reached are reported as skipped, so every
 * result lists the same codes, in CheckCode order.
 */
export class Ob2Checks {
  private readonly checks: VerificationCheck[] = [];

  fail(code: CheckCode, reason: string, message: string): void {
    this.checks.push({ code, status: 'failed', reason, message });
  }

  warn(code: CheckCode, reason: string, message: string): void {
    this.checks.push({ code, status: 'warning', reason, message });
  }

  skip(code: CheckCode, message: string): void {
    if (!this.has(code)) this.checks.push({ code, status: 'skipped', message });
  }

  /** Records the code as passed unless it already failed (or was already settled). */
  settle(code: CheckCode, message: string): void {
    if (
      this.checks.some(
        (check) => check.code === code && (check.status === 'failed' || check.status === 'passed'),
      )
    ) {
      return;
    }
    this.checks.push({ code, status: 'passed', message });
  }

  failed(code: CheckCode): boolean {
    return this.checks.some((check) => check.code === code && check.status === 'failed');
  }

  anyFailed(): boolean {
    return this.checks.some((check) => check.status === 'failed');
  }

  private has(code: CheckCode): boolean {
    return this.checks.some((check) => check.code === code);
  }

  result(format: CredentialFormat, credential?: unknown): VerificationResult {
    const order: CheckCode[] = Object.values(CheckCode);
    for (const code of order) this.skip(code, 'not applicable or not reached');
    const ordered = [...this.checks].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
    return summarize(format, ordered, credential);
  }
}
