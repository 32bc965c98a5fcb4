// The billing module's public face: other modules import from here only (.dependency-cruiser.cjs enforces it).
export { BillingModule } from './billing.module';
