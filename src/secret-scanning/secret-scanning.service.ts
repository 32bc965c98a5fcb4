import { Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { RequestContext } from '../common/request/request-context';
import { AppConfig } from '../config/app-config';
import type { TokenFeedbackResponse } from './dto/token-feedback.response';
import { isSignedByGithub } from './github-signature';
import { LeakResponder, type Label } from './leak-responder.service';
import { readTokenReports, type TokenReport } from './token-reports';

export const SCANNER_ACTOR = 'github-secret-scanning';
// Distinct keys are handled this many at a time: a report of 1000 tokens neither runs one by one past GitHub's
// timeout nor opens 1000 transactions at once.
const PARALLEL_KEYS = 16;

export interface SignedReport {
  body: Buffer;
  keyIdentifier: unknown;
  signature: unknown;
}

/**
 * POST /api/v1/secret-scanning/github (issue 20), in order: off (404) unless GitHub's keys are configured; the
 * signature over the raw bytes (401, nothing read or changed); the report's shape (422); then each token, answered
 * in GitHub's feedback format in the order received. Replaying a signed report changes no key a second time.
 */
@Injectable()
export class SecretScanningService {
  constructor(
    private readonly config: AppConfig,
    private readonly responder: LeakResponder,
  ) {}

  async receive(signed: SignedReport, ctx: RequestContext): Promise<TokenFeedbackResponse[]> {
    const keys = this.config.githubScanningKeys;
    if (!keys) throw new NotFoundException('Not Found');
    if (!isSignedByGithub(keys, signed.keyIdentifier, signed.signature, signed.body)) {
      throw new UnauthorizedException({ detail: 'Invalid or missing GitHub signature', code: 'INVALID_SIGNATURE' });
    }
    const reports = readTokenReports(signed.body);
    const labels = await this.labelAll(reports, { ...ctx, actor: SCANNER_ACTOR });
    return reports.map((r, i) => ({ token_raw: r.token, token_type: r.type, label: labels[i] }));
  }

  /** Reports of one token run one after another (the first revokes, the next finds it revoked); keys in parallel. */
  private async labelAll(reports: TokenReport[], ctx: RequestContext): Promise<Label[]> {
    const byToken = new Map<string, number[]>();
    reports.forEach((r, i) => byToken.set(r.token, [...(byToken.get(r.token) ?? []), i]));
    const labels: Label[] = new Array<Label>(reports.length);
    const groups = [...byToken.values()];
    for (let start = 0; start < groups.length; start += PARALLEL_KEYS) {
      await Promise.all(
        groups.slice(start, start + PARALLEL_KEYS).map(async (indexes) => {
          for (const i of indexes) labels[i] = await this.responder.respond(reports[i], ctx);
        }),
      );
    }
    return labels;
  }
}
