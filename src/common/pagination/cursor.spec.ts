import { HandWrittenViolation } from '../errors/request-validation.error';
import { decodeCursor, encodeCursor } from './cursor';

const ID = '0b5c7d4e-9f1a-4c3b-8d2e-1f0a9b8c7d6e';
const forge = (at: unknown, id: unknown = ID) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

describe('cursor', () => {
  it('decodes what it encodes', () => {
    const position = { at: new Date('2026-11-24T10:15:30.123Z'), id: ID };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00.000Z'],
    ['before any row could be written', '1969-12-31T23:59:59.999Z'],
    ['a day that does not exist', '2026-02-30T00:00:00.000Z'],
    ['hour 24', '2026-01-01T24:00:00.000Z'],
    ['an expanded year', '+275760-09-13T00:00:00.000Z'],
    ['another format', '2026-01-01T00:00:00Z'],
  ])('%s is not a real position: a 422 at ["query", "cursor"]', (_label, at) => {
    expect(() => decodeCursor(forge(at))).toThrow(HandWrittenViolation);
  });

  it('an id that is not a UUID, or junk, is refused too', () => {
    for (const cursor of [forge('2026-01-01T00:00:00.000Z', 'x'), 'not-base64-json', forge(null, null)]) {
      expect(() => decodeCursor(cursor)).toThrow(HandWrittenViolation);
    }
  });
});
