import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { KeysModule } from '../keys';
import { LeakResponder } from './leak-responder.service';
import { LeakedKeyMetrics } from './leaked-key.metrics';
import { SecretScanningController } from './secret-scanning.controller';
import { SecretScanningService } from './secret-scanning.service';

/**
 * Leaked keys revoke themselves (issue 20): GitHub's secret-scanning partner endpoint. Depends on the public faces
 * of keys (KeyLifecycleService: revoke; KeyVerifier: resolve a token as validation does) and audit.
 */
@Module({
  imports: [KeysModule, AuditModule],
  controllers: [SecretScanningController],
  providers: [SecretScanningService, LeakResponder, LeakedKeyMetrics],
})
export class SecretScanningModule {}
