import { Injectable, Logger } from '@nestjs/common';
import type { RequestContext } from '../common/http/request-context';
import { AuthFailureSink } from '../common/auth/auth-failure.sink';
import { Store } from '../common/store/store.port';
import { AuditRepository } from './audit.repository';

const PER_IP_PER_MINUTE = 5;
const ALL_PER_MINUTE = 120;

/**
 * Audits failed admin authentications, rate-bounded per client IP and in total, so a token-guessing flood cannot
 * fill the audit table. Fire and forget: the 401 never waits for the row.
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

  record(ctx: RequestContext): void {
    this.recordBounded(ctx).catch((err: unknown) => this.logger.warn({ err }, 'Could not audit a failed admin authentication'));
  }

  private async recordBounded(ctx: RequestContext): Promise<void> {
    const minuteEnd = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
    const ip = await this.store.incrementWindow(`hk:audit:auth-failed:${ctx.clientIp ?? 'unknown'}`, minuteEnd);
    if (ip.count > PER_IP_PER_MINUTE) return;
    const all = await this.store.incrementWindow('hk:audit:auth-failed', minuteEnd);
    if (all.count > ALL_PER_MINUTE) return;
    await this.audit.appendAlone(ctx, 'admin.auth_failed', { attempts_this_minute_from_ip: ip.count });
  }
}
