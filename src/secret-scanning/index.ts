// The secret-scanning module's public face: other modules import from here only (.dependency-cruiser.cjs enforces it).
export { SecretScanningModule } from './secret-scanning.module';
