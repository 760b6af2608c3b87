import { asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { subscriptions, type NewSubscription, type Subscription } from "../schema/subscriptions.ts";

export type { Subscription };

/** What a subscription may change after creation (the channel stays: make a new one instead). */
export type SubscriptionPatch = Partial<
  Pick<Subscription, "name" | "target" | "secret" | "organizationId" | "subject" | "metric" | "digest" | "active">
>;

/**
 * Stores a subscription; null filters match every alert.
 * @example await createSubscription(db, { name: "ops", channel: "webhook", target: "https://hooks.example.org/ssc",
 *   secret })
 */
export async function createSubscription(db: Db, values: NewSubscription): Promise<Subscription> {
  const [row] = await db.insert(subscriptions).values(values).returning();
  return row;
}

/**
 * Every subscription, oldest first.
 * @example (await listSubscriptions(db)).map((s) => s.channel) // ["webhook", "email"]
 */
export async function listSubscriptions(db: Db): Promise<Subscription[]> {
  return db.select().from(subscriptions).orderBy(asc(subscriptions.id));
}

/** The active subscriptions: the ones new alerts are queued for. @example await listActiveSubscriptions(tx) */
export async function listActiveSubscriptions(db: Db): Promise<Subscription[]> {
  return db.select().from(subscriptions).where(eq(subscriptions.active, true)).orderBy(asc(subscriptions.id));
}

/** One subscription, or undefined. @example await getSubscription(db, 3) */
export async function getSubscription(db: Db, id: number): Promise<Subscription | undefined> {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return row;
}

/**
 * Applies a patch; undefined when there is no such subscription.
 * @example await updateSubscription(db, 3, { active: false })
 */
export async function updateSubscription(
  db: Db,
  id: number,
  patch: SubscriptionPatch,
): Promise<Subscription | undefined> {
  if (Object.keys(patch).length === 0) return getSubscription(db, id);
  const [row] = await db.update(subscriptions).set(patch).where(eq(subscriptions.id, id)).returning();
  return row;
}

/**
 * Deletes a subscription and, by cascade, its outbox rows: pending deliveries are dropped and its
 * lines leave the delivery log. False when there was none.
 * @example await deleteSubscription(db, 3) // true
 */
export async function deleteSubscription(db: Db, id: number): Promise<boolean> {
  const rows = await db.delete(subscriptions).where(eq(subscriptions.id, id)).returning({ id: subscriptions.id });
  return rows.length > 0;
}
