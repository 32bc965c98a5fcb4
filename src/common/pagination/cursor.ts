import { HandWrittenViolation } from '../errors/request-validation.error';

/** Keyset position (created/occurred time, id), opaque to clients: base64url of a small JSON. */
export interface Position {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// What encodeCursor writes (toISOString of a row's time). Any other date text is forged, and a year such as
// -004713 or +275760 is beyond PostgreSQL's timestamptz range: a 500 instead of the 422 below. Rows are written
// at the server's now, so a real position lies in 1970..9999; year 0000 passed PostgreSQL but failed PGlite with
// "date/time field value out of range" (issue 16 item 3), and 2026-02-30 is no day at all.
const AT = /^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.at.toISOString(), p.id])).toString('base64url');
}

/** The position a cursor names; a cursor that is not one of ours is a 422 at ["query", "cursor"]. */
export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = typeof at === 'string' && AT.test(at) ? new Date(at) : new Date(NaN);
    const real = !Number.isNaN(date.getTime()) && date.toISOString() === at;
    if (real && typeof id === 'string' && UUID.test(id)) return { at: date, id };
  } catch {
    // fall through to the 422
  }
  throw new HandWrittenViolation([{ loc: ['query', 'cursor'], msg: 'Invalid cursor', type: 'value_error' }]);
}
