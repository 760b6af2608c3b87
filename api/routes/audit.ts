import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { listAudit } from "../../db/queries/audit.ts";
import { AUDIT_EVENTS, auditLog } from "../../db/schema/audit-log.ts";
import { AppError } from "../../errors.ts";
import type { AppEnv } from "../env.ts";
import { apiKeySecurity, DbId, errors } from "./shared.ts";

/** The audit log for administrators: an API key or a signed-in analyst, whatever SSC_PUBLIC_READS says. */

const Entry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    event: z.enum(AUDIT_EVENTS),
    actor: z.string().nullable().openapi({ description: "User or key name; for a failed sign-in, the name typed" }),
    actorKind: z.enum(auditLog.actorKind.enumValues),
    address: z.string().nullable().openapi({ description: "The client's address" }),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditEntry");

const route = createRoute({
  method: "get",
  path: "/api/audit",
  summary: "The audit log, newest first: sign-ins and failed attempts, key use, reviews (who, when, from where)",
  security: apiKeySecurity,
  middleware: [requireActor()] as const,
  request: {
    query: z.object({
      event: z.enum(AUDIT_EVENTS).optional(),
      actor: z.string().min(1).max(200).optional(),
      address: z.string().min(1).max(64).optional(),
      since: z.iso.datetime({ offset: true }).optional().openapi({ example: "2026-12-01T00:00:00Z" }),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      before: DbId.optional().openapi({ description: "Only entries with a smaller id: the next page" }),
    }),
  },
  responses: {
    200: {
      description: "Entries",
      content: {
        "application/json": { schema: z.object({ items: z.array(Entry), next: z.number().int().nullable() }) },
      },
    },
    ...errors(400, 401),
  },
});

function requireActor(): MiddlewareHandler<AppEnv> {
  return async function requireActorMiddleware(c, next) {
    if (!c.get("actor"))
      throw new AppError("unauthorized", "The audit log is for administrators: send an API key or sign in");
    await next();
  };
}

export const auditRoutes = apiRouter().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const rows = await listAudit(c.get("db"), {
    event: q.event,
    actor: q.actor,
    address: q.address,
    since: q.since ? new Date(q.since) : undefined,
    beforeId: q.before,
    limit: q.limit,
  });
  const items = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  return c.json({ items, next: rows.length === q.limit ? rows[rows.length - 1].id : null }, 200);
});
