import { and, asc, eq, gt, isNull, lte } from "drizzle-orm";
import type { Db } from "../client.ts";
import { apiKeys, type ApiKey } from "../schema/api-keys.ts";
import { sessions } from "../schema/sessions.ts";
import { users, type User } from "../schema/users.ts";

/**
 * Stores a new API key's hash under a unique name; undefined when the name is taken.
 * @example await insertApiKey(db, { name: "etl", keyHash: sha256Hex(key), prefix: "ssc_AbCdEf" })
 */
export async function insertApiKey(
  db: Db,
  key: { name: string; keyHash: string; prefix: string },
): Promise<ApiKey | undefined> {
  const [row] = await db.insert(apiKeys).values(key).onConflictDoNothing().returning();
  return row;
}

/** Every key, revoked ones included (the list shows when each was revoked). @example await listApiKeys(db) */
export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.name));
}

/** Marks a key revoked; false when no active key has that name. @example await revokeApiKey(db, "etl", new Date()) */
export async function revokeApiKey(db: Db, name: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/**
 * The active key with this hash, its last use stamped in the same statement; undefined for an
 * unknown or revoked key.
 * @example await useApiKey(db, sha256Hex(presented), new Date()) // { name: "etl", ... }
 */
export async function useApiKey(db: Db, keyHash: string, now: Date): Promise<ApiKey | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

/** A new analyst; undefined when the name is taken. @example await insertUser(db, "amina", await hashPassword(pw)) */
export async function insertUser(db: Db, name: string, passwordHash: string): Promise<User | undefined> {
  const [row] = await db.insert(users).values({ name, passwordHash }).onConflictDoNothing().returning();
  return row;
}

/**
 * Replaces an analyst's password hash and signs them out everywhere.
 * @example await setUserPassword(db, "amina", hash)
 */
export async function setUserPassword(db: Db, name: string, passwordHash: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ passwordHash }).where(eq(users.name, name)).returning({ id: users.id });
    if (!row) return false;
    await tx.delete(sessions).where(eq(sessions.userId, row.id));
    return true;
  });
}

/** @example (await listUsers(db)).map((u) => u.name) // ["amina"] */
export async function listUsers(db: Db): Promise<Array<Pick<User, "id" | "name" | "createdAt">>> {
  return db.select({ id: users.id, name: users.name, createdAt: users.createdAt }).from(users).orderBy(asc(users.name));
}

/** @example await findUserByName(db, "amina") */
export async function findUserByName(db: Db, name: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.name, name));
  return row;
}

/**
 * Stores a session by the sha256 of its cookie token.
 * @example await insertSession(db, { id, userId, csrf, expiresAt })
 */
export async function insertSession(
  db: Db,
  session: { id: string; userId: number; csrf: string; expiresAt: Date },
): Promise<void> {
  await db.insert(sessions).values(session);
}

export interface ActiveSession {
  id: string;
  csrf: string;
  expiresAt: Date;
  userId: number;
  userName: string;
}

/**
 * The unexpired session with this id (token hash) and its user.
 * @example await findActiveSession(db, sha256Hex(token), new Date())
 */
export async function findActiveSession(db: Db, id: string, now: Date): Promise<ActiveSession | undefined> {
  const [row] = await db
    .select({
      id: sessions.id,
      csrf: sessions.csrf,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      userName: users.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
  return row;
}

/** Ends one session (sign-out) and sweeps expired ones while at it. @example await deleteSession(db, id, new Date()) */
export async function deleteSession(db: Db, id: string, now: Date): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
  await db.delete(sessions).where(lte(sessions.expiresAt, now));
}
