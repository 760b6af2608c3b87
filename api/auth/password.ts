import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { createLimiter } from "../concurrency.ts";

/**
 * Analyst passwords are hashed with scrypt: slow and memory-hard, so a stolen users table costs an
 * attacker real time per guess. The parameters are stored with each hash, so they can be raised
 * later without invalidating existing accounts.
 * Format: `scrypt$N$r$p$<salt base64>$<hash base64>`.
 */
const DEFAULTS = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };

/**
 * Each scrypt takes 32 MB and a core for a tenth of a second: a burst of sign-in guesses would
 * otherwise run four at once on libuv's pool. One at a time bounds memory; the throttle keeps the
 * queue short (refused attempts are never verified).
 */
const hashing = createLimiter(1);

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return hashing.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize("NFC"), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
      }),
  );
}

const maxmem = (N: number, r: number) => 256 * N * r;

/**
 * `cost` (N, a power of two) is for tests only, where 2^15 per sign-in would slow every suite.
 * @example const stored = await hashPassword("correct horse"); await verifyPassword("correct horse", stored) // true
 */
export async function hashPassword(password: string, options: { cost?: number } = {}): Promise<string> {
  const { r, p, keyLength } = DEFAULTS;
  const N = options.cost ?? DEFAULTS.N;
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, keyLength, { N, r, p, maxmem: maxmem(N, r) });
  return ["scrypt", N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/** Timing-safe comparison; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const N = Number(n),
    R = Number(r),
    P = Number(p);
  if (![N, R, P].every((x) => Number.isInteger(x) && x > 0)) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64"), expected.length, {
    N,
    r: R,
    p: P,
    maxmem: maxmem(N, R),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of nothing, verified when the user name is unknown, so a failed sign-in takes as long
 * whether or not the account exists (no user enumeration by timing).
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString("hex"));
  return dummy;
}
