import type { RequestContext } from '../request/request-context';

/** Where failed token authentications are reported (the audit module records them, bounded in total). */
export abstract class AuthFailureSink {
  abstract record(context: RequestContext, details: Record<string, unknown>): void;
}
