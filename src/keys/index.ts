// The keys module's public face: other modules import from here only (.dependency-cruiser.cjs enforces it).
export { KeysModule } from './keys.module';
export { KeyVerifier } from './verification/key-verifier.service';
export type { KeySnapshot } from './verification/key-snapshot';
export { KeyDirectory, type KeyBillingTerms } from './key-directory';
export { LastUsedRecorder } from './last-used.recorder';
export { KeyLifecycleService } from './key-lifecycle.service';
export { KEY_NOT_FOUND, KeyNotFoundException } from './key-not-found.exception';
export { KeyIdParam } from './dto/key-id.param';
