import { maskKeys, safeUrl } from './redaction';

const KEY = 'hk_live_AbCdefghijklmnopqrstuvwxyz012345';

describe('maskKeys', () => {
  it.each([
    [`GET /api/v1/keys/${KEY}`, 'GET /api/v1/keys/hk_live_AbC***'],
    [`a ${KEY.replace('live', 'test')} and ${KEY.replace('live', 'dev')}x`, 'a hk_test_AbC*** and hk_dev_AbC***'],
    ['hk_live_AbC***', 'hk_live_AbC***'],
    ['hk_live_short', 'hk_live_short'],
  ])('%j -> %j', (text, masked) => expect(maskKeys(text)).toBe(masked));
});

describe('safeUrl', () => {
  it.each([
    ['/api/v1/keys?active_only=true', '/api/v1/keys?active_only=true'],
    ['/x?api_key=abc&b=1', '/x?api_key=[redacted]&b=1'],
    ['/x?access_token=abc', '/x?access_token=[redacted]'],
    ['/x?apikey=abc&apiKey=def&api-key=ghi', '/x?apikey=[redacted]&apiKey=[redacted]&api-key=[redacted]'],
    [
      '/x?token=1&key=2&secret=3&password=4&X-Amz-Signature=5&client_secret=6&auth=7',
      '/x?token=[redacted]&key=[redacted]&secret=[redacted]&password=[redacted]&X-Amz-Signature=[redacted]&client_secret=[redacted]&auth=[redacted]',
    ],
    ['/x?api%5Fkey=abc', '/x?api%5Fkey=[redacted]'],
    [
      '/api/v1/audit?key_id=0b5c7d4e-9f1a-4c3b-8d2e-1f0a9b8c7d6e',
      '/api/v1/audit?key_id=0b5c7d4e-9f1a-4c3b-8d2e-1f0a9b8c7d6e',
    ],
    [`/api/v1/keys/${KEY}?q=${KEY}`, '/api/v1/keys/hk_live_AbC***?q=hk_live_AbC***'],
  ])('%j -> %j', (url, safe) => expect(safeUrl(url)).toBe(safe));
});
