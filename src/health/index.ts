// The health module's public face: other modules import from here only (.dependency-cruiser.cjs enforces it).
export { HealthModule } from './health.module';
