import type { Db } from "../../db/client.ts";
import { recentSignInFailures } from "../../db/queries/audit.ts";

/**
 * Sign-in throttling, per account and per address, from the failed attempts in the audit log (so
 * it holds across processes and restarts). After `free` failures each further attempt must wait
 * twice as long as the one before (1 s, 2 s, 4 s, ...); at `lockAt` failures the account or
 * address is locked for `lockMs` after the last one. A successful sign-in starts the count afresh.
 * Refused attempts are not verified (no scrypt work) and do not count, so the lock ends on time.
 */
export const THROTTLE = Object.freeze({
  windowMs: 15 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  lockMs: 15 * 60_000,
  account: { free: 3, lockAt: 10 },
  address: { free: 10, lockAt: 50 },
});

export interface SignInBlock {
  until: Date;
  locked: boolean;
  scope: "account" | "address";
}

/**
 * When the next attempt may come, given the failures counted so far; undefined when it may now.
 * @example nextAttemptAt(5, lastAt, THROTTLE.account) // lastAt + 4 s
 */
export function nextAttemptAt(
  failures: number,
  lastAt: Date | null,
  limits: { free: number; lockAt: number },
  t: typeof THROTTLE = THROTTLE,
): { until: Date; locked: boolean } | undefined {
  if (!lastAt || failures < limits.free) return undefined;
  if (failures >= limits.lockAt) return { until: new Date(lastAt.getTime() + t.lockMs), locked: true };
  const delayMs = Math.min(t.maxDelayMs, t.baseDelayMs * 2 ** (failures - limits.free));
  return { until: new Date(lastAt.getTime() + delayMs), locked: false };
}

/** The block on a sign-in as `name` from `address` at `now`, the longer of the two; undefined if none. */
export async function signInBlock(
  db: Db,
  who: { name: string; address?: string; now: Date },
  t: typeof THROTTLE = THROTTLE,
): Promise<SignInBlock | undefined> {
  const since = new Date(who.now.getTime() - t.windowMs);
  const account = await recentSignInFailures(db, { actor: who.name, since });
  const blocks: SignInBlock[] = [];
  const a = nextAttemptAt(account.count, account.lastAt, t.account, t);
  if (a) blocks.push({ ...a, scope: "account" });
  if (who.address) {
    const byAddress = await recentSignInFailures(db, { address: who.address, since });
    const b = nextAttemptAt(byAddress.count, byAddress.lastAt, t.address, t);
    if (b) blocks.push({ ...b, scope: "address" });
  }
  const active = blocks.filter((b) => b.until > who.now).sort((x, y) => y.until.getTime() - x.until.getTime());
  return active[0];
}

/** What the person at the form reads: how long to wait, or that the account is locked and until when. */
export function blockMessage(block: SignInBlock, now: Date): string {
  const seconds = Math.max(1, Math.ceil((block.until.getTime() - now.getTime()) / 1000));
  const whom = block.scope === "account" ? "this account" : "this network address";
  if (block.locked) {
    const at = block.until.toISOString().slice(11, 16);
    return (
      `Too many failed sign-ins for ${whom}: it is locked until ${at} UTC. Try again then, or ask an ` +
      `administrator (the attempts are in the audit log).`
    );
  }
  return `Too many failed sign-ins for ${whom}. Wait ${seconds} seconds before trying again.`;
}
