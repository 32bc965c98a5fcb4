import { NotFoundException } from '@nestjs/common';

/** CONTRACT.md's wording for an unknown key id, shared by every module that looks a key up through keys. */
export const KEY_NOT_FOUND = 'API key not found';

export class KeyNotFoundException extends NotFoundException {
  constructor() {
    super({ detail: KEY_NOT_FOUND });
  }
}
