import type { RequestContext } from '../http/request-context';

/** Where failed admin authentications are reported (the audit module records them, rate-bounded). */
export abstract class AuthFailureSink {
  abstract record(context: RequestContext): void;
}
