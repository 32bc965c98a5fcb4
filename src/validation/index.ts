// The validation module's public face: other modules import from here only (.dependency-cruiser.cjs enforces it).
export { ValidationModule } from './validation.module';
