// The audit module's public face: other modules import from here only (.dependency-cruiser.cjs enforces it).
export { AuditModule } from './audit.module';
export { AuditRepository } from './audit.repository';
