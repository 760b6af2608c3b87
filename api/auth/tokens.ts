import { createHash, randomBytes } from "node:crypto";

/**
 * Secrets that are shown once (API keys, session cookies) are stored only as their sha256, so a
 * leaked database row cannot be replayed. 32 random bytes make guessing pointless, which is why a
 * fast hash is enough here (passwords, which people choose, get scrypt instead).
 */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** @example sha256Hex("abc") // "ba7816bf..." */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** API keys carry a recognisable prefix so a leaked one is easy to spot in logs and scanners. */
export const API_KEY_PREFIX = "ssc_";

/** A new API key and what is stored of it: its hash and a short prefix for listing. */
export function newApiKey(): { key: string; keyHash: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${newToken(32)}`;
  return { key, keyHash: sha256Hex(key), prefix: key.slice(0, API_KEY_PREFIX.length + 6) };
}
