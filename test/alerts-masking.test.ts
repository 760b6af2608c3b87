import { beforeAll, describe, expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { maskName, maskTarget } from "../alerts/mask.ts";
import { toNewSubscription } from "../alerts/subscription-input.ts";
import { createApp } from "../api/app.ts";
import { newApiKey } from "../api/auth/tokens.ts";
import { loadConfig } from "../config.ts";
import { SESSION_COOKIE, startSession } from "../api/auth/sessions.ts";
import { insertApiKey, insertUser } from "../db/queries/auth.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { describeEachDb } from "./db-harness.ts";
import { money, seedBeforeAfter } from "./alerts-seed.ts";

const config = loadConfig({ SSC_PUBLIC_URL: "https://ssc.example.org", SMTP_URL: "smtp://127.0.0.1:2525" }, {});
const SLACK = "https://hooks.slack.com/services/T0001/B0001/SECRETTOKEN123";
const EMAIL = "amina.private@g77.org";
const LEGACY = "https://hooks.example.org/legacy/LEGACYTOKEN456";

describeEachDb("alerts page hides subscribers' targets", (t) => {
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const db = t().db;
    app = createApp({ db, config });
    const created = newApiKey();
    await insertApiKey(db, { name: "masking-key", keyHash: created.keyHash, prefix: created.prefix });
    const headers = { "content-type": "application/json", authorization: `Bearer ${created.key}` };
    for (const body of [
      { channel: "webhook", target: SLACK },
      { channel: "email", target: EMAIL },
    ]) {
      const res = await app.request("/api/subscriptions", { method: "POST", headers, body: JSON.stringify(body) });
      expect(res.status).toBe(201);
    }
    // A row stored before default names were masked: its name spells the whole URL.
    await createSubscription(db, {
      name: `webhook ${LEGACY}`,
      channel: "webhook",
      target: LEGACY,
      secret: "0123456789abcdef",
    });
    const cur = await seedBeforeAfter(db, {
      keys: ["MASK/2024/1", "MASK/2026/1"],
      organizationId: "undp",
      before: [money(3_500_000)],
      after: [money(4_200_000)],
    });
    const detected = await detectAlerts(db, { versionIds: [cur.versionId], now: new Date("2026-11-29T08:00:00Z") });
    expect(detected.deliveries).toBe(3);
  });

  it("shows an anonymous reader no delivery target at all", async () => {
    const res = await app.request("/alerts");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("4,200,000 USD");
    expect(page).not.toMatch(/hooks\.slack\.com|hooks\.example\.org|g77\.org/);
  });

  it(
    "shows a signed-in analyst the targets masked: " + "neither the webhook path and token nor the e-mail address",
    async () => {
      const user = await insertUser(t().db, "masking-reader", "scrypt$unused");
      const session = await startSession(t().db, user!.id, new Date());
      const res = await app.request("/alerts", { headers: { cookie: `${SESSION_COOKIE}=${session.token}` } });
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain("hooks.slack.com");
      expect(page).not.toContain("SECRETTOKEN123");
      expect(page).not.toContain("/services/T0001");
      expect(page).not.toContain(EMAIL);
      expect(page).not.toContain("amina.private");
      expect(page).not.toContain("LEGACYTOKEN456");
      expect(page).not.toContain("/legacy/");
    },
  );
});

describe("subscription names", () => {
  it("builds the default name from the masked target", () => {
    expect(toNewSubscription({ channel: "webhook", target: SLACK }, "test").values.name).toBe(
      "webhook https://hooks.slack.com/…",
    );
    expect(toNewSubscription({ channel: "email", target: EMAIL, metric: "posts" }, "test").values.name).toBe(
      "email a…@g77.org (posts)",
    );
    expect(toNewSubscription({ channel: "email", target: EMAIL, name: "Amina" }, "test").values.name).toBe("Amina");
  });

  it("masks a stored name's target and any URL or address in it, and leaves plain names alone", () => {
    expect(maskName(`webhook ${LEGACY}`, "webhook", LEGACY)).toBe("webhook https://hooks.example.org/…");
    expect(maskName(`hook for ${EMAIL}`, "webhook", SLACK)).toBe("hook for a…@g77.org");
    expect(maskName("ops hook", "webhook", SLACK)).toBe("ops hook");
    expect(maskName(maskName(`email ${EMAIL}`, "email", EMAIL), "email", EMAIL)).toBe(
      `email ${maskTarget("email", EMAIL)}`,
    );
  });
});
