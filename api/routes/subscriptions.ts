import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import {
  checkChannelConfigured,
  checkFilters,
  checkTargetResolves,
  toNewSubscription,
} from "../../alerts/subscription-input.ts";
import { outboundPolicy } from "../../net/outbound.ts";
import { getOrganization } from "../../db/queries/organizations.ts";
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  updateSubscription,
  type Subscription,
} from "../../db/queries/subscriptions.ts";
import type { Db } from "../../db/client.ts";
import { subscriptions } from "../../db/schema/subscriptions.ts";
import { AppError } from "../../errors.ts";
import { requireApiKey } from "../middleware/api-key.ts";
import { apiKeySecurity, errors, IdParam } from "./shared.ts";

/** Alert subscriptions (webhook or e-mail), managed with an API key. Secrets are shown only when created. */

const SubscriptionSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    channel: z.enum(subscriptions.channel.enumValues),
    target: z.string().openapi({ example: "https://hooks.example.org/ssc" }),
    organizationId: z.string().nullable(),
    subject: z.string().nullable(),
    metric: z.string().nullable(),
    digest: z.enum(subscriptions.digest.enumValues),
    active: z.boolean(),
    hasSecret: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Subscription");

const Created = SubscriptionSchema.extend({
  secret: z.string().nullable().openapi({ description: "The webhook signing secret: shown only now" }),
}).openapi("CreatedSubscription");

const Filters = {
  organization: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .nullable()
    .optional()
    .openapi({ example: "undp" }),
  subject: z
    .string()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .openapi({ example: "IBSA Fund", description: "A unit or fund, by any of its names" }),
  metric: z.string().max(40).nullable().optional().openapi({ example: "posts" }),
  digest: z
    .enum(subscriptions.digest.enumValues)
    .optional()
    .openapi({ description: "E-mail only: daily digests go out at 06:00 UTC, weekly ones on Mondays at 06:00 UTC" }),
};

const CreateBody = z
  .object({
    name: z.string().min(1).max(100).optional(),
    channel: z.enum(subscriptions.channel.enumValues),
    target: z.string().min(3).max(2000),
    secret: z.string().max(200).optional(),
    ...Filters,
  })
  .strict()
  .openapi("NewSubscription");

const PatchBody = z
  .object({
    name: z.string().min(1).max(100).optional(),
    target: z.string().min(3).max(2000).optional(),
    secret: z.string().max(200).optional(),
    active: z.boolean().optional(),
    ...Filters,
  })
  .strict()
  .openapi("SubscriptionPatch");

const shape = (s: Subscription) => ({
  id: s.id,
  name: s.name,
  channel: s.channel,
  target: s.target,
  organizationId: s.organizationId,
  subject: s.subject,
  metric: s.metric,
  digest: s.digest,
  active: s.active,
  hasSecret: s.secret !== null,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
});

const listRoute = createRoute({
  method: "get",
  path: "/api/subscriptions",
  summary: "Every alert subscription",
  security: apiKeySecurity,
  middleware: [requireApiKey()] as const,
  responses: {
    200: {
      description: "Subscriptions",
      content: { "application/json": { schema: z.object({ items: z.array(SubscriptionSchema) }) } },
    },
    ...errors(401),
  },
});
const createRoute_ = createRoute({
  method: "post",
  path: "/api/subscriptions",
  summary: "Subscribe a webhook or an e-mail address to alerts (null filters match everything)",
  security: apiKeySecurity,
  middleware: [requireApiKey()] as const,
  request: { body: { required: true, content: { "application/json": { schema: CreateBody } } } },
  responses: {
    201: {
      description: "Created; a webhook's secret is in the answer this once",
      content: { "application/json": { schema: Created } },
    },
    ...errors(400, 401),
  },
});
const subscriptionPath = "/api/subscriptions/{id}";
/** What reading or changing one subscription answers. */
const oneSubscription = {
  200: { description: "The subscription", content: { "application/json": { schema: SubscriptionSchema } } },
  ...errors(400, 401, 404),
};
const getRoute = createRoute({
  method: "get",
  path: subscriptionPath,
  summary: "One subscription",
  security: apiKeySecurity,
  middleware: [requireApiKey()] as const,
  request: { params: IdParam },
  responses: oneSubscription,
});
const patchRoute = createRoute({
  method: "patch",
  path: subscriptionPath,
  summary: "Change a subscription's target, filters, digest or state",
  security: apiKeySecurity,
  middleware: [requireApiKey()] as const,
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: PatchBody } } } },
  responses: oneSubscription,
});
const deleteRoute = createRoute({
  method: "delete",
  path: subscriptionPath,
  summary: "Delete a subscription; its pending deliveries are dropped",
  security: apiKeySecurity,
  middleware: [requireApiKey()] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors(400, 401, 404) },
});

async function checkOrganization(db: Db, id: string | null | undefined): Promise<void> {
  if (id && !(await getOrganization(db, id)))
    throw new AppError("bad_request", `There is no organization "${id}" (see /api/organizations)`);
}

async function found(db: Db, id: number): Promise<Subscription> {
  const sub = await getSubscription(db, id);
  if (!sub) throw new AppError("not_found", `There is no subscription ${id}`);
  return sub;
}

export const subscriptionRoutes = apiRouter()
  .openapi(listRoute, async (c) => c.json({ items: (await listSubscriptions(c.get("db"))).map(shape) }, 200))
  .openapi(createRoute_, async (c) => {
    const body = c.req.valid("json");
    await checkOrganization(c.get("db"), body.organization);
    const policy = outboundPolicy(c.get("config").outboundAllow);
    const { values, secret } = toNewSubscription(body, c.get("actor")!.name, policy);
    checkChannelConfigured(body.channel, c.get("config").smtpUrl);
    await checkTargetResolves(values.channel, values.target, policy);
    const row = await createSubscription(c.get("db"), values);
    return c.json({ ...shape(row), secret }, 201);
  })
  .openapi(getRoute, async (c) => c.json(shape(await found(c.get("db"), c.req.valid("param").id)), 200))
  .openapi(patchRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const current = await found(c.get("db"), id);
    if (body.target)
      await checkTargetResolves(current.channel, body.target.trim(), outboundPolicy(c.get("config").outboundAllow));
    checkFilters(body, current.channel);
    await checkOrganization(c.get("db"), body.organization);
    const { organization, ...rest } = body;
    const row = await updateSubscription(c.get("db"), id, {
      ...rest,
      ...(organization !== undefined ? { organizationId: organization } : {}),
    });
    return c.json(shape(row!), 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await deleteSubscription(c.get("db"), id))) throw new AppError("not_found", `There is no subscription ${id}`);
    return c.body(null, 204);
  });
