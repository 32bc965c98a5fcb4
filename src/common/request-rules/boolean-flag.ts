const TRUE = new Set(['true', 'yes', 'on', 't', 'y', '1']);
const FALSE = new Set(['false', 'no', 'off', 'f', 'n', '0']);

/** The original service's boolean spellings (CONTRACT.md "Conventions"); undefined when none matches. */
export function parseBooleanFlag(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}
