import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { z } from "zod";
import { checkChannelConfigured, checkTargetResolves, toNewSubscription } from "../../alerts/subscription-input.ts";
import { listOrganizations } from "../../db/queries/organizations.ts";
import { AppError } from "../../errors.ts";
import { createSubscription } from "../../db/queries/subscriptions.ts";
import { outboundPolicy } from "../../net/outbound.ts";
import type { Organization } from "../../db/schema/organizations.ts";
import { subscriptions } from "../../db/schema/subscriptions.ts";
import { requireSessionForm } from "../middleware/csrf.ts";
import { renderPage } from "../views/layout.tsx";
import { Select } from "../views/select.tsx";
import { knownOrganization } from "./known-organization.ts";

const METRICS = [
  ["", "every change"],
  ["funding", "funding"],
  ["posts", "posts"],
  ["presence", "a unit or fund appearing or disappearing"],
] as const;

const Form = z.object({
  channel: z.enum(subscriptions.channel.enumValues, { message: "choose e-mail or webhook" }),
  target: z.string().trim().min(3, "give the address to send to").max(2000),
  organization: z.string().trim().max(40).optional(),
  subject: z.string().trim().max(200).optional(),
  metric: z.enum(["funding", "posts", "presence"]).optional(),
  digest: z.enum(subscriptions.digest.enumValues).optional(),
});

const blank = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

function SubscribeForm(props: { csrf?: string; orgs: Organization[]; smtp: boolean }) {
  if (!props.csrf)
    return (
      <p class="notice">
        <a href="/login?next=%2Falerts%2Fsubscribe">Sign in</a> to subscribe. Anyone can follow the{" "}
        <a href="/alerts.atom">Atom feed</a> without an account.
      </p>
    );
  return (
    <form method="post" action="/alerts/subscribe" class="stack wide" aria-label="Subscribe to alerts">
      <input type="hidden" name="csrf" value={props.csrf} />
      <label>
        Send alerts by
        <select name="channel">
          <option value="email" disabled={!props.smtp}>
            {props.smtp ? "e-mail" : "e-mail (no mail server configured here)"}
          </option>
          <option value="webhook" selected={!props.smtp}>
            webhook (an HTTPS address that receives JSON)
          </option>
        </select>
      </label>
      <label>
        To (e-mail address or https:// URL)
        <input name="target" required maxlength={2000} size={40} />
      </label>
      <Select
        name="organization"
        label="Organization"
        all="all organizations"
        options={props.orgs.map((o) => [o.id, `${o.acronym}: ${o.name}`] as const)}
      />
      <label>
        Changes in
        <select name="metric">
          {METRICS.map(([v, text]) => (
            <option value={v}>{text}</option>
          ))}
        </select>
      </label>
      <label>
        Only this unit or fund (optional)
        <input name="subject" maxlength={200} placeholder="e.g. IBSA Fund" />
      </label>
      <label>
        E-mail digest
        <select name="digest">
          <option value="none">each alert as it comes</option>
          <option value="daily">once a day</option>
          <option value="weekly">once a week (Mondays)</option>
        </select>
      </label>
      <button type="submit">Subscribe</button>
    </form>
  );
}

/** Subscribing to alerts from the web: the same checks as the API, in the name of the signed-in analyst. */
export const subscriptionPageRoutes = new Hono<AppEnv>()
  .get("/alerts/subscribe", async (c) => {
    const body = (
      <>
        <h1>Subscribe to alerts</h1>
        <p class="lead">
          Be told when a South-South cooperation unit's or fund's budget or posts change in a newer document, with both
          values and where each was read.
        </p>
        <SubscribeForm
          csrf={c.get("session")?.csrf}
          orgs={await listOrganizations(c.get("db"))}
          smtp={!!c.get("config").smtpUrl}
        />
      </>
    );
    return renderPage(c, "Subscribe to alerts", body);
  })
  .post("/alerts/subscribe", requireSessionForm(), async (c) => {
    const db = c.get("db");
    const raw = await c.req.parseBody();
    const parsed = Form.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, blank(v)])));
    if (!parsed.success) {
      throw new AppError(
        "bad_request",
        parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "),
      );
    }
    const f = parsed.data;
    const organization = f.organization ? (await knownOrganization(db, f.organization)).id : null;
    const digest = f.channel === "email" ? (f.digest ?? "none") : undefined;
    const policy = outboundPolicy(c.get("config").outboundAllow);
    const { values, secret } = toNewSubscription({ ...f, organization, digest }, c.get("session")!.userName, policy);
    checkChannelConfigured(values.channel, c.get("config").smtpUrl);
    await checkTargetResolves(values.channel, values.target, policy);
    const row = await createSubscription(db, values);
    const body = (
      <>
        <h1>Subscribed</h1>
        <p class="notice" id="subscribed">
          Subscription {row.id} “{row.name}” is active.
        </p>
        {secret ? (
          <p>
            Webhook signing secret (shown only now; the receiver checks each delivery's signature with it):{" "}
            <code>{secret}</code>
          </p>
        ) : null}
        <p>
          <a href="/alerts">Back to the alerts</a>
        </p>
      </>
    );
    return renderPage(c, "Subscribed", body);
  });
