import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthFailureSink } from '../common/auth/auth-failure.sink';
import { StoreModule } from '../common/store/store.module';
import { AuditEventEntity } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuthFailureRecorder } from './auth-failure.recorder';

/**
 * Append-only audit_events. Not global: keys imports it for AuditRepository, and the application root hands it to
 * AuthModule as the sink of failed authentications.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity]), StoreModule],
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, { provide: AuthFailureSink, useClass: AuthFailureRecorder }],
  exports: [AuditRepository, AuthFailureSink],
})
export class AuditModule {}
