import type { Request } from 'express';
import type { KeySnapshot } from './key-snapshot';

/** What ApiKeyGuard found, for the guards after it and the handler. */
export interface ValidationContext {
  readonly key: KeySnapshot;
  /** The address the allowlist is checked against: body client_ip when it is an IP, else the connection's. */
  readonly clientIp: string | undefined;
}

const CONTEXT = Symbol('hokusai.validation');

export function attachValidationContext(req: Request, ctx: ValidationContext): void {
  (req as Request & { [CONTEXT]?: ValidationContext })[CONTEXT] = ctx;
}

export function validationContextOf(req: Request): ValidationContext {
  const ctx = (req as Request & { [CONTEXT]?: ValidationContext })[CONTEXT];
  if (!ctx) throw new Error('ApiKeyGuard must run before this guard');
  return ctx;
}
