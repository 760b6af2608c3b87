import { unlinkSync } from "node:fs";
import { createServer, type Server } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";
import type { SessionGate } from "./session-gate.ts";

/**
 * Serves the PGlite instance `start` owns over the PostgreSQL wire protocol on a local socket, so
 * the CLI run beside it reaches the same database through the postgres driver. pglite-socket's
 * PGLiteSocketHandler does the framing (startup, SSL refusal, cancel, messages split across
 * packets, rollback of a client that leaves mid-transaction); the scheduling is ours (see
 * session-gate.ts), handed to the handler in place of its QueryQueueManager (same three methods;
 * the package is pinned to an exact version and test/pglite-owner.test.ts covers it).
 */

type QueryQueue = PGLiteSocketHandlerOptions["queryQueue"];

export interface PgliteServer {
  /** Stops accepting, ends every client's session (rolling back what it left open), removes the socket. */
  stop(): Promise<void>;
}

const SYNC = 0x53;
const QUERY = 0x51;
const TERMINATE = 0x58;

/**
 * After a simple query, a Sync, a startup or a terminate, the backend is idle unless a
 * transaction is open; after Parse, Bind, Execute, Describe or Flush, the batch goes on.
 */
function endsExchange(message: Uint8Array): boolean {
  const type = message[0];
  return type === SYNC || type === QUERY || type === TERMINATE || type === 0x00;
}

/** What a PostgreSQL backend does when its client goes away: abort whatever the client left open. */
async function endSession(pg: PGlite): Promise<void> {
  for (let i = 0; i < 2 && (i === 0 || pg.isInTransaction()); i++) {
    // The first ROLLBACK aborts an explicit or an extended-protocol implicit transaction; its Sync
    // ends an errored batch, after which a failed explicit transaction needs the second.
    await pg.exec("ROLLBACK").catch(() => {});
  }
}

function createWireQueue(pg: PGlite, gate: SessionGate): QueryQueue {
  // One handler's messages run strictly in order (its socket may deliver two chunks at once).
  const tails = new Map<number, Promise<unknown>>();
  const gone = new Set<number>();

  async function runMessage(handlerId: number, message: Uint8Array, onData: (d: Uint8Array) => void) {
    if (gone.has(handlerId)) throw new Error("Handler disconnected");
    await gate.acquire(handlerId);
    let bytes = 0;
    try {
      await pg.runExclusive(() =>
        pg.execProtocolRawStream(message, {
          onRawData: (data) => {
            bytes += data.length;
            onData(data);
          },
        }),
      );
    } catch (error) {
      await endSession(pg);
      gate.release(handlerId);
      throw error;
    }
    if (endsExchange(message) && !pg.isInTransaction()) gate.release(handlerId);
    return bytes;
  }

  const queue = {
    enqueue(handlerId: number, message: Uint8Array, onData: (d: Uint8Array) => void): Promise<number> {
      const previous = tails.get(handlerId) ?? Promise.resolve();
      const next = previous.catch(() => {}).then(() => runMessage(handlerId, message, onData));
      tails.set(handlerId, next);
      return next;
    },
    clearQueueForHandler(handlerId: number): void {
      gone.add(handlerId);
      gate.drop(handlerId, new Error("Handler disconnected"));
    },
    async clearTransactionIfNeeded(handlerId: number): Promise<void> {
      await tails.get(handlerId)?.catch(() => {});
      tails.delete(handlerId);
      if (gate.owner === handlerId) {
        await endSession(pg);
        gate.release(handlerId);
      }
    },
  };
  return queue as unknown as QueryQueue;
}

/**
 * Listens on `socketPath` (a stale socket file of a dead owner is removed first: the caller holds
 * the directory's lock). `gate` is the one `start`'s own queries pass (see gatedClient).
 * @example const server = await servePglite(pg, gate, "/data/.s.PGSQL.5432");
 */
export async function servePglite(pg: PGlite, gate: SessionGate, socketPath: string): Promise<PgliteServer> {
  const queryQueue = createWireQueue(pg, gate);
  const handlers = new Set<PGLiteSocketHandler>();
  const net: Server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => socket.destroy());
  });
  if (process.platform !== "win32") {
    try {
      unlinkSync(socketPath);
    } catch {}
  }
  await new Promise<void>((resolve, reject) => {
    net.once("error", reject);
    net.listen(socketPath, () => {
      net.off("error", reject);
      resolve();
    });
  });
  return {
    async stop() {
      const closed = new Promise<void>((resolve) => net.close(() => resolve()));
      await Promise.all([...handlers].map((h) => h.detach(true)));
      handlers.clear();
      await closed;
    },
  };
}

/**
 * A PGlite look-alike for drizzle whose every query and transaction is one session of the gate,
 * so `start`'s API and workers never run inside a socket client's transaction, nor it in theirs.
 */
export function gatedClient(pg: PGlite, gate: SessionGate): PGlite {
  const gated = {
    query: (...args: Parameters<PGlite["query"]>) => gate.run(() => pg.query(...args)),
    exec: (...args: Parameters<PGlite["exec"]>) => gate.run(() => pg.exec(...args)),
    transaction: (...args: Parameters<PGlite["transaction"]>) => gate.run(() => pg.transaction(...args)),
  };
  return gated as unknown as PGlite;
}
