import { HandWrittenViolation } from '../errors/request-validation.error';

/** Keyset position (created/occurred time, id), opaque to clients: base64url of a small JSON. */
export interface Position {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// What encodeCursor writes (toISOString of a row's time). Any other date text is forged, and a year such as
// -004713 or +275760 is beyond PostgreSQL's timestamptz range: a 500 instead of the 422 below.
const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.at.toISOString(), p.id])).toString('base64url');
}

/** The position a cursor names; a cursor that is not one of ours is a 422 at ["query", "cursor"]. */
export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = typeof at === 'string' && AT.test(at) ? new Date(at) : new Date(NaN);
    if (!Number.isNaN(date.getTime()) && typeof id === 'string' && UUID.test(id)) return { at: date, id };
  } catch {
    // fall through to the 422
  }
  throw new HandWrittenViolation([{ loc: ['query', 'cursor'], msg: 'Invalid cursor', type: 'value_error' }]);
}
