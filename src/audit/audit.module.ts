import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthFailureSink } from '../common/auth/auth-failure.sink';
import { AuditEventEntity } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuthFailureRecorder } from './auth-failure.recorder';

/** Global so the global admin-auth throttler can report failures to it. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, { provide: AuthFailureSink, useClass: AuthFailureRecorder }],
  exports: [AuditRepository, AuthFailureSink],
})
export class AuditModule {}
