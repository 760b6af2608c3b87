import type { Db } from "../../db/client.ts";
import {
  deleteSession,
  findActiveSession,
  findUserByName,
  insertSession,
  type ActiveSession,
} from "../../db/queries/auth.ts";
import { dummyHash, verifyPassword } from "./password.ts";
import { newToken, sha256Hex } from "./tokens.ts";

/** A working day: long enough for a review session, short enough that a forgotten laptop is safe by morning. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = "ssc_session";

export type { ActiveSession };

/**
 * Checks a name and password; undefined when either is wrong. An unknown name still costs one
 * scrypt verification, so timing does not reveal which accounts exist.
 */
export async function checkCredentials(
  db: Db,
  name: string,
  password: string,
): Promise<{ id: number; name: string } | undefined> {
  const user = await findUserByName(db, name);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  return user && ok ? { id: user.id, name: user.name } : undefined;
}

/** Opens a session: the cookie gets `token`, the database only its sha256. */
export async function startSession(
  db: Db,
  userId: number,
  now: Date,
): Promise<{ token: string; csrf: string; expiresAt: Date }> {
  const token = newToken(32);
  const csrf = newToken(24);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(db, { id: sha256Hex(token), userId, csrf, expiresAt });
  return { token, csrf, expiresAt };
}

export function resolveSession(db: Db, token: string, now: Date): Promise<ActiveSession | undefined> {
  return findActiveSession(db, sha256Hex(token), now);
}

export function endSession(db: Db, token: string, now: Date): Promise<void> {
  return deleteSession(db, sha256Hex(token), now);
}
