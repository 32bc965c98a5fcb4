import { crc32 } from 'node:zlib';

/*
 * The key's checksum (ARCHITECTURE.md "Key format", GitHub-token style): CRC32 (IEEE, as zlib.crc32) of the ASCII
 * text before it, written in base62 (0-9A-Za-z) and left-padded with 0 to 6 characters. Secret scanners rely on it.
 */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const CHECKSUM_LENGTH = 6;

export function toBase62(value: number, width: number): string {
  let n = value;
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, '0');
}

export function keyChecksum(body: string): string {
  return toBase62(crc32(Buffer.from(body, 'ascii')), CHECKSUM_LENGTH);
}
