import { getConnInfo } from "@hono/node-server/conninfo";
import { isIP } from "node:net";
import type { Context } from "hono";
import type { AppEnv } from "./env.ts";

/**
 * The client's address, for the sign-in throttle and the audit log: the socket's peer, or with
 * SSC_TRUST_PROXY=true the last X-Forwarded-For hop (the one our own proxy appended; earlier hops
 * are the client's to forge). Undefined when unknown (in-process requests in tests).
 */
export function clientAddress(c: Context<AppEnv>): string | undefined {
  if (c.get("config").trustProxy) {
    const hop = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (hop && isIP(hop)) return hop;
  }
  try {
    return getConnInfo(c).remote.address ?? undefined;
  } catch {
    return undefined;
  }
}
