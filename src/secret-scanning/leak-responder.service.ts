import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit';
import type { RequestContext } from '../common/request/request-context';
import { parseKey } from '../common/keys/key-format';
import { AppConfig } from '../config/app-config';
import { KeyLifecycleService } from '../keys';
import { KeyVerifier } from '../keys';
import { LeakedKeyMetrics, type LeakOutcome } from './leaked-key.metrics';
import type { TokenReport } from './token-reports';

export type Label = 'true_positive' | 'false_positive';

interface KeyState {
  id: string;
  isActive: boolean;
  revokedAtMs: number | null;
  expiresAtMs: number | null;
}

/*
 * What one reported token leads to (issue 20). Checksum first, so a look-alike costs no I/O; then the key is
 * resolved exactly as validation resolves it; a live key is revoked through the same path as DELETE (every replica
 * refuses it before this returns) unless LEAKED_KEY_ACTION=report; each real key gets a key.leaked audit row with
 * the report's url and source. The token itself goes nowhere: not in a log, an error or a row.
 */
@Injectable()
export class LeakResponder {
  private readonly logger = new Logger('SecretScanning');

  constructor(
    private readonly verifier: KeyVerifier,
    private readonly lifecycle: KeyLifecycleService,
    private readonly audit: AuditRepository,
    private readonly dataSource: DataSource,
    private readonly metrics: LeakedKeyMetrics,
    private readonly config: AppConfig,
  ) {}

  async respond(report: TokenReport, ctx: RequestContext): Promise<Label> {
    const key = parseKey(report.token) ? await this.verifier.resolve(report.token) : null;
    if (!key) {
      this.metrics.count('false_positive');
      return 'false_positive';
    }
    const outcome = this.outcomeFor(key);
    // Revoke before the audit row: a failure in between answers 500, GitHub retries, and the retry finds the key
    // revoked and records it as reported again. The other order could audit a revocation that never happened.
    if (outcome === 'revoked') await this.lifecycle.revoke(key.id, ctx);
    await this.audit.append(this.dataSource.manager, ctx, 'key.leaked', key.id, {
      url: report.url,
      source: report.source,
      token_type: report.type,
      outcome,
    });
    this.metrics.count(outcome);
    this.logger.warn(
      { key_id: key.id, url: report.url, source: report.source, outcome, requestId: ctx.requestId },
      'Leaked key reported by GitHub secret scanning',
    );
    return 'true_positive';
  }

  private outcomeFor(key: KeyState): LeakOutcome {
    const now = Date.now();
    const live =
      key.isActive &&
      (key.revokedAtMs === null || key.revokedAtMs > now) &&
      (key.expiresAtMs === null || key.expiresAtMs > now);
    if (!live) return 'reported_again';
    return this.config.leakedKeyAction === 'revoke' ? 'revoked' : 'reported';
  }
}
