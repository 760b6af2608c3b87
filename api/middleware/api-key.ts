import type { Context, MiddlewareHandler } from "hono";
import { useApiKey } from "../../db/queries/auth.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { API_KEY_PREFIX, sha256Hex } from "../auth/tokens.ts";
import { clientAddress } from "../client-address.ts";
import type { AppEnv } from "../env.ts";

/**
 * The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, if any. Other schemes are not
 * ours (a proxy's Basic credentials, say) and are ignored: the request is anonymous.
 */
export function presentedKey(c: Context<AppEnv>): string | undefined {
  const auth = c.req.header("authorization")?.trim();
  if (auth && /^Bearer(?:\s|$)/i.test(auth)) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) throw new AppError("unauthorized", "The Authorization header must be 'Bearer <API key>'");
    return m[1];
  }
  return c.req.header("x-api-key")?.trim() || undefined;
}

/**
 * Recognises an API key on any request. A key that is presented but unknown or revoked is refused
 * at once (401) rather than silently treated as anonymous, so a client learns its key is bad.
 */
export function loadApiKey(): MiddlewareHandler<AppEnv> {
  return async function apiKeyMiddleware(c, next) {
    const key = presentedKey(c);
    if (key !== undefined) {
      const db = c.get("db");
      const row = await useApiKey(db, sha256Hex(key), new Date());
      const address = clientAddress(c);
      const detail = { method: c.req.method, path: c.req.path };
      if (!row) {
        // The prefix names the key in a leak report; the rest of a key is never written down.
        const prefix = key.slice(0, API_KEY_PREFIX.length + 6);
        await recordAudit(db, { event: "key-refused", actorKind: "anonymous", address, detail: { ...detail, prefix } });
        throw new AppError("unauthorized", "Unknown or revoked API key");
      }
      await recordAudit(db, { event: "key-use", actor: row.name, actorKind: "api-key", address, detail });
      c.set("actor", { name: row.name, kind: "api-key" });
    }
    await next();
  };
}

/** Write routes of the API: only an API key will do (analysts review through the pages). */
export function requireApiKey(): MiddlewareHandler<AppEnv> {
  return async function requireApiKeyMiddleware(c, next) {
    if (c.get("actor")?.kind !== "api-key") {
      throw new AppError(
        "unauthorized",
        "This route needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>' (create one with: " +
          "ssc-monitor keys create NAME)",
      );
    }
    await next();
  };
}
