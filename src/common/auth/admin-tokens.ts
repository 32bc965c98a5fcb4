import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SecretMatcher } from './constant-time';

/** ADMIN_TOKEN and ADMIN_TOKEN_PREVIOUS, hashed once for both global admin guards. */
@Injectable()
export class AdminTokens extends SecretMatcher {
  constructor(config: AppConfig) {
    super(config.adminTokens);
  }
}
