/**
 * One session at a time on PGlite's single backend. A PostgreSQL server gives each connection its
 * own backend; PGlite has one, shared by `start`'s own queries and every client of its socket. A
 * session holds the gate from its first message until the backend is idle again: the end of a
 * statement, of an extended-protocol batch (Parse … Sync), or of a transaction. Between two
 * holders nothing of the other's unnamed statement, portal, error state or transaction is left.
 *
 * pglite-socket's own queue (0.2.17) serialises single messages and pins a client only inside an
 * explicit transaction, so two clients' Parse/Bind interleave (electric-sql/pglite#1046: "bind
 * message supplies 2 parameters, but prepared statement "" requires 0", reproduced here with four
 * postgres.js connections), and its in-process queries are not ordered against socket clients.
 */

type Owner = number | symbol;

interface Waiter {
  owner: Owner;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface SessionGate {
  /** Waits until `owner` holds the gate; at once if it already does. */
  acquire(owner: Owner): Promise<void>;
  release(owner: Owner): void;
  /** Gives up `owner`'s waiting turn (its connection went away). */
  drop(owner: Owner, error: Error): void;
  /** Runs `fn` as a session of its own: an in-process query or transaction. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly owner: Owner | null;
}

export function createSessionGate(): SessionGate {
  let owner: Owner | null = null;
  let waiting: Waiter[] = [];
  const gate: SessionGate = {
    acquire(who) {
      if (owner === who) return Promise.resolve();
      if (owner === null) {
        owner = who;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => waiting.push({ owner: who, resolve, reject }));
    },
    release(who) {
      if (owner !== who) return;
      const next = waiting.shift();
      owner = next ? next.owner : null;
      next?.resolve();
    },
    drop(who, error) {
      const mine = waiting.filter((w) => w.owner === who);
      waiting = waiting.filter((w) => w.owner !== who);
      for (const w of mine) w.reject(error);
    },
    async run(fn) {
      const who = Symbol("local");
      await gate.acquire(who);
      try {
        return await fn();
      } finally {
        gate.release(who);
      }
    },
    get owner() {
      return owner;
    },
  };
  return gate;
}
