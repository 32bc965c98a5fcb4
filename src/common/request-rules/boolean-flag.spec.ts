import { parseBooleanFlag } from './boolean-flag';

describe('parseBooleanFlag', () => {
  it.each(['true', 'True', 'YES', 'on', 't', 'Y', '1'])('%s is true', (v) => expect(parseBooleanFlag(v)).toBe(true));
  it.each(['false', 'False', 'NO', 'off', 'f', 'n', '0'])('%s is false', (v) =>
    expect(parseBooleanFlag(v)).toBe(false),
  );
  it.each(['', 'maybe', '2', 'truee', 'null'])('%j is neither', (v) => expect(parseBooleanFlag(v)).toBeUndefined());
});
