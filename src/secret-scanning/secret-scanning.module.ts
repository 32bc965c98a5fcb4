import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { ValidationModule } from '../validation/validation.module';
import { LeakResponder } from './leak-responder.service';
import { LeakedKeyMetrics } from './leaked-key.metrics';
import { SecretScanningController } from './secret-scanning.controller';
import { SecretScanningService } from './secret-scanning.service';

/**
 * Leaked keys revoke themselves (issue 20): GitHub's secret-scanning partner endpoint. Depends on the public faces
 * of keys (KeyLifecycleService: revoke) and validation (KeyVerifier: resolve a token) and on the global audit log.
 */
@Module({
  imports: [KeysModule, ValidationModule],
  controllers: [SecretScanningController],
  providers: [SecretScanningService, LeakResponder, LeakedKeyMetrics],
})
export class SecretScanningModule {}
