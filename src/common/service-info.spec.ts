import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

describe('service info', () => {
  it('is the name and version package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect({ name: SERVICE_NAME, version: SERVICE_VERSION }).toEqual({ name: pkg.name, version: pkg.version });
  });
});
