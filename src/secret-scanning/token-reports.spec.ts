import { HandWrittenViolation } from '../common/errors/request-validation.error';
import { JsonTooDeepError } from '../common/body/json-depth';
import { MAX_TOKENS, readTokenReports } from './token-reports';

const read = (value: unknown) =>
  readTokenReports(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
const violation = (value: unknown) => {
  try {
    read(value);
  } catch (err) {
    return err instanceof HandWrittenViolation ? err.list : err;
  }
  throw new Error('no violation');
};

describe('readTokenReports', () => {
  it('reads the entries in order, ignoring unknown fields; absent text fields are empty or null', () => {
    expect(
      read([{ token: 't1', type: 'hokusai_api_key', url: 'https://x', source: 'gist', extra: 1 }, { token: 't2' }]),
    ).toEqual([
      { token: 't1', type: 'hokusai_api_key', url: 'https://x', source: 'gist' },
      { token: 't2', type: '', url: null, source: null },
    ]);
  });

  it('an empty report is read as no tokens', () => {
    expect(read([])).toEqual([]);
  });

  it('makes url and source storable in jsonb: NUL and unpaired surrogates become U+FFFD', () => {
    expect(read('[{"token": "t", "url": "a\\u0000b\\ud800c", "source": "\\udc00"}]')[0]).toEqual({
      token: 't',
      type: '',
      url: 'a\uFFFDb\uFFFDc',
      source: '\uFFFD',
    });
  });

  it.each([
    ['not JSON', '[{"token": ', [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]],
    ['an object', { token: 't' }, [{ loc: ['body'], msg: 'Input should be a valid list', type: 'list_type' }]],
    [
      'an entry that is not an object',
      ['t'],
      [{ loc: ['body', 0], msg: 'Input should be a valid dictionary', type: 'dict_type' }],
    ],
    ['no token', [{ type: 'x' }], [{ loc: ['body', 0, 'token'], msg: 'token must be a string', type: 'missing' }]],
    [
      'a token that is no string',
      [{ token: 1 }],
      [{ loc: ['body', 0, 'token'], msg: 'token must be a string', type: 'string_type' }],
    ],
    [
      'a url that is no string',
      [{ token: 't', url: [] }],
      [{ loc: ['body', 0, 'url'], msg: 'url must be a string', type: 'string_type' }],
    ],
    [
      'a long source',
      [{ token: 't', source: 's'.repeat(101) }],
      [{ loc: ['body', 0, 'source'], msg: 'source must be at most 100 characters', type: 'string_too_long' }],
    ],
    [
      'too many tokens',
      Array.from({ length: MAX_TOKENS + 1 }, () => ({ token: 't' })),
      [{ loc: ['body'], msg: 'At most 1000 tokens per report', type: 'too_long' }],
    ],
  ])('%s is a 422 that quotes no token', (_label, body, list) => {
    expect(violation(body)).toEqual(list);
  });

  it('1000 tokens are accepted', () => {
    expect(read(Array.from({ length: MAX_TOKENS }, () => ({ token: 't' })))).toHaveLength(MAX_TOKENS);
  });

  it('nesting deeper than 32 levels is json_too_deep', () => {
    expect(violation(`[${'['.repeat(40)}${']'.repeat(40)}]`)).toBeInstanceOf(JsonTooDeepError);
  });
});
