import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAdminToken } from './admin-token.store';

describe('resolveAdminToken', () => {
  it('generates a token once, keeps it private under the data folder, and prints it only the first time', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hk-token-')), 'nested');
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const sut = resolveAdminToken(dir);
    const again = resolveAdminToken(dir);
    expect(again).toBe(sut);
    expect(readFileSync(join(dir, 'admin-token'), 'utf8').trim()).toBe(sut);
    expect(statSync(join(dir, 'admin-token')).mode & 0o777).toBe(0o600);
    expect(write).toHaveBeenCalledTimes(1);
    write.mockRestore();
  });
});
