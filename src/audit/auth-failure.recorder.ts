import { Injectable, Logger } from '@nestjs/common';
import type { RequestContext } from '../common/request/request-context';
import { AuthFailureSink } from '../common/auth/auth-failure.sink';
import { Store } from '../common/store/store.port';
import { endOfMinute } from '../common/time/minute-window';
import { AuditRepository } from './audit.repository';

const ALL_PER_MINUTE = 120;

/**
 * Audits failed token authentications. AuthFailureBudget already bounds them per client address (its budget plus
 * the first refusal past it); the bound in total here keeps a flood from many addresses from filling the audit
 * table. Fire and forget: the 401 never waits for the row.
 */
@Injectable()
export class AuthFailureRecorder extends AuthFailureSink {
  private readonly logger = new Logger('AuthFailureRecorder');

  constructor(
    private readonly store: Store,
    private readonly audit: AuditRepository,
  ) {
    super();
  }

  record(ctx: RequestContext, details: Record<string, unknown>): void {
    this.recordBounded(ctx, details).catch((err: unknown) =>
      this.logger.warn({ err, requestId: ctx.requestId }, 'Could not audit a failed admin authentication'),
    );
  }

  private async recordBounded(ctx: RequestContext, details: Record<string, unknown>): Promise<void> {
    const all = await this.store.incrementWindow('hk:audit:auth-failed', endOfMinute(Date.now()));
    if (all.count > ALL_PER_MINUTE) return;
    await this.audit.appendAlone(ctx, 'admin.auth_failed', details);
  }
}
