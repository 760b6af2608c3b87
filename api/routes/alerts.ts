import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { renderAtomFeed } from "../../alerts/atom.ts";
import { alertJson } from "../../alerts/render.ts";
import { acknowledgeAlert, listAlerts, pageAlerts } from "../../db/queries/alerts.ts";
import { listOrganizations } from "../../db/queries/organizations.ts";
import { alerts } from "../../db/schema/alerts.ts";
import { AppError } from "../../errors.ts";
import type { AppEnv } from "../env.ts";
import { requireApiKey } from "../middleware/api-key.ts";
import { alertPageRoutes } from "./alert-pages.tsx";
import { knownOrganization } from "./known-organization.ts";
import { apiKeySecurity, DbId, errors, IdParam, OrganizationId, PageMeta, pageMeta, pageQuery } from "./shared.ts";
import { subscriptionPageRoutes } from "./subscription-pages.tsx";
import { subscriptionRoutes } from "./subscriptions.ts";

/** Alerts as JSON (`/api/alerts`, acknowledgement with an API key) and as an Atom feed (`/alerts.atom`). */

const Evidence = z
  .object({
    documentId: z.number().int(),
    versionId: z.number().int(),
    factId: z.number().int().nullable(),
    title: z.string().nullable(),
    symbol: z.string().nullable(),
    url: z.string(),
    pageUrl: z.string().openapi({ description: "The document opening at the page" }),
    page: z.number().int().nullable(),
    quote: z.string().nullable(),
  })
  .openapi("AlertEvidence");

export const AlertSchema = z
  .object({
    id: z.number().int(),
    fingerprint: z.string(),
    change: z.enum(alerts.change.enumValues),
    organizationId: z.string().nullable().openapi({ example: "undp" }),
    organization: z.string().nullable().openapi({ example: "UNDP" }),
    subject: z.string().openapi({ example: "United Nations Office for South-South Cooperation" }),
    metric: z
      .string()
      .openapi({ example: "funding:budget", description: "funding:<basis>, posts:total, posts:<grade>, or presence" }),
    period: z.string().nullable(),
    oldValue: z.number().nullable(),
    newValue: z.number().nullable(),
    absChange: z.number().nullable(),
    relChange: z.number().nullable().openapi({ description: "0.1 is +10 %" }),
    unit: z.string().nullable().openapi({ example: "USD" }),
    evidence: z.object({ old: Evidence.nullable(), new: Evidence.nullable() }),
    createdAt: z.string(),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
  })
  .openapi("Alert");

const list = createRoute({
  method: "get",
  path: "/api/alerts",
  summary: "Changes in the budgets and posts of SSTC units and funds, newest first",
  request: {
    query: z.object({
      organization: OrganizationId.optional().openapi({ description: "Any case: UNDP or undp", example: "undp" }),
      metric: z.string().max(40).optional().openapi({
        description: "A metric or its family: funding, posts, presence, funding:budget, posts:P-4",
        example: "posts",
      }),
      acknowledged: z.enum(["true", "false"]).optional(),
      before: DbId.optional().openapi({ description: "Only alerts with a smaller id (older than one already seen)" }),
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: "Alerts",
      content: {
        "application/json": { schema: z.object({ items: z.array(AlertSchema), meta: PageMeta }) },
      },
    },
    ...errors(400, 401, 404),
  },
});

const ack = createRoute({
  method: "post",
  path: "/api/alerts/{id}/ack",
  summary:
    "Acknowledge an alert: records who (the given name, else the API key's) and when; the first acknowledgement stays",
  security: apiKeySecurity,
  middleware: [requireApiKey()] as const,
  request: {
    params: IdParam,
    body: {
      required: false,
      content: { "application/json": { schema: z.object({ by: z.string().min(1).max(100).optional() }).strict() } },
    },
  },
  responses: {
    200: { description: "The alert", content: { "application/json": { schema: AlertSchema } } },
    ...errors(400, 401, 404),
  },
});

async function orgNames(c: Context<AppEnv>) {
  return new Map((await listOrganizations(c.get("db"))).map((o) => [o.id, o.acronym]));
}

export const alertRoutes = apiRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid("query");
    if (q.organization) await knownOrganization(c.get("db"), q.organization);
    const { total, items } = await pageAlerts(c.get("db"), {
      limit: q.limit,
      offset: q.offset,
      organizationId: q.organization,
      metric: q.metric,
      beforeId: q.before,
      acknowledged: q.acknowledged === undefined ? undefined : q.acknowledged === "true",
    });
    const orgs = await orgNames(c);
    return c.json({ items: items.map((a) => alertJson(a, orgs)), meta: pageMeta(total, q.limit, q.offset) }, 200);
  })
  .openapi(ack, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.header("content-type")?.includes("application/json") ? c.req.valid("json") : {};
    const alert = await acknowledgeAlert(c.get("db"), { id, by: body?.by ?? c.get("actor")!.name, now: new Date() });
    if (!alert) throw new AppError("not_found", `There is no alert ${id}`);
    return c.json(alertJson(alert, await orgNames(c)), 200);
  });

alertRoutes.get("/alerts.atom", async (c) => {
  // Absolute only from SSC_PUBLIC_URL (never the request's Host header); else relative references.
  const origin = c.get("config").publicUrl ?? "";
  const rows = await listAlerts(c.get("db"), { limit: 100 });
  const feed = renderAtomFeed(rows, {
    selfUrl: `${origin}/alerts.atom`,
    pageUrl: `${origin}/alerts`,
    now: new Date(),
    orgs: await orgNames(c),
  });
  return c.body(feed, 200, { "content-type": "application/atom+xml; charset=utf-8" });
});

/**
 * Everything about alerts in one sub-app, for one line in the app: `app.route("/", alertsApp)`.
 * JSON API and feed (above), subscriptions (API key), and the `/alerts` page with its form.
 */
export const alertsApp = apiRouter()
  .route("/", alertRoutes)
  .route("/", subscriptionRoutes)
  .route("/", alertPageRoutes)
  .route("/", subscriptionPageRoutes);
