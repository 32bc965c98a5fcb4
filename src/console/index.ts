// The console module's public face: other modules import from here only (.dependency-cruiser.cjs enforces it).
export { ConsoleModule } from './console.module';
