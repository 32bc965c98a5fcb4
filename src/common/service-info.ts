/**
 * The service's name and version as the health routes and the OpenAPI document report them: one constant, pinned
 * to package.json by service-info.spec.ts (not read from it at run time: dist/ carries no package.json).
 */
export const SERVICE_NAME = 'hokusai-auth-service';
export const SERVICE_VERSION = '1.0.0';
