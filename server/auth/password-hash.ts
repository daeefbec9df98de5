import crypto from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Passwords are stored as `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url):
 * scrypt from node:crypto with a random 16-byte salt per password. The parameters travel
 * with the hash, so raising them later leaves older hashes verifiable. N = 2^15, r = 8
 * (32 MiB, ~0.1 s on this kind of machine) is above the 2^14 floor and slows a guesser
 * who has the hashes; the sign-in rate limit slows one who has not.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Hashes we accept for verification: no stored record may make us allocate gigabytes. */
const MAX_N = 2 ** 20;
const MIN_N = 2 ** 14;

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** Salt of 16+ bytes; the hash exactly KEY_LENGTH bytes (a shorter one would be a prefix that still matches). */
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{22,})\$([A-Za-z0-9_-]{43})$/;

/** Memory scrypt needs (128·N·r) with room to spare; Node refuses above `maxmem`. */
const maxmemFor = (N: number, r: number) => 256 * N * r;

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const hash = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...params, maxmem: maxmemFor(params.N, params.r) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** True when `password` matches `stored`; false for a wrong password and for a malformed or out-of-range record. */
export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!(N >= MIN_N && N <= MAX_N && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16)) return false;
  const salt = Buffer.from(m[4]!, 'base64url');
  const want = Buffer.from(m[5]!, 'base64url');
  if (want.length !== KEY_LENGTH) return false;
  const got = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: maxmemFor(N, r) });
  return crypto.timingSafeEqual(want, got);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password, made once per process: an unknown username is checked
 * against it, so that it costs the same time as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummy;
}
