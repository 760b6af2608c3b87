import { eq, inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { runOutbox } from "../alerts/outbox.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { alertDeliveries } from "../db/schema/index.ts";
import { describeEachDb } from "./db-harness.ts";
import { useSmtpInbox } from "./smtp-inbox.ts";
import { money, posts, seedBeforeAfter } from "./alerts-seed.ts";

/** A real SMTP server on 127.0.0.1, started for these tests, keeping every message it accepts. */
const smtp = useSmtpInbox();

const config = () => ({ smtpUrl: smtp.url, mailFrom: "alerts@ssc-monitor.test", publicUrl: "https://ssc.example.org" });

describeEachDb("e-mail delivery", (t, kind) => {
  it("mails one message per alert, in plain text and HTML, with both values and both quotes", async () => {
    const db = t().db;
    const to = `coordinator-${kind}@example.org`;
    await createSubscription(db, {
      name: "adb funding",
      channel: "email",
      target: to,
      organizationId: "adb",
      metric: "funding",
    });
    const cur = await seedBeforeAfter(db, {
      keys: [`ADB/${kind}/1`, `ADB/${kind}/2`],
      organizationId: "adb",
      before: [money(2_000_000, { subject: "South-South Facility", quote: "US$2 million" })],
      after: [money(1_500_000, { subject: "South-South Facility", quote: "US$1.5 million" })],
    });
    const now = new Date("2026-11-29T08:00:00Z");
    const { alerts } = await detectAlerts(db, { versionIds: [cur.versionId], now });
    expect(alerts).toHaveLength(1);
    const result = await runOutbox(db, config(), { now });
    expect(result.sent).toBe(1);
    const mails = smtp.inbox.filter((m) => m.to.includes(to));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toContain("ADB");
    expect(mail.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(mail.decoded).toContain("2,000,000 USD → 1,500,000 USD");
    expect(mail.decoded).toContain('"US$2 million"');
    expect(mail.decoded).toContain("<blockquote>US$1.5 million</blockquote>");
    expect(mail.decoded).toContain(`https://ssc.example.org/alerts#alert-${alerts[0].id}`);
  });

  it("collects daily-digest alerts until 06:00 UTC and sends them in one message grouped by organization", async () => {
    const db = t().db;
    const to = `digest-${kind}@example.org`;
    const sub = await createSubscription(db, {
      name: "posts digest",
      channel: "email",
      target: to,
      metric: "posts",
      digest: "daily",
    });
    const seedChange = (org: string, subject: string, before: number, after: number) =>
      seedBeforeAfter(db, {
        keys: [`${org}/${kind}/${subject}/1`, `${org}/${kind}/${subject}/2`],
        organizationId: org,
        before: [posts(before, "P-5", { subject })],
        after: [posts(after, "P-5", { subject })],
      });
    const morning = new Date("2026-11-29T08:00:00Z");
    const caf = await seedChange("caf", "IBSA Fund", 1, 2);
    const aiib = await seedChange("aiib", "PGTF", 3, 1);
    await detectAlerts(db, { versionIds: [caf.versionId, aiib.versionId], now: morning });
    const evening = new Date("2026-11-29T20:00:00Z");
    const aiib2 = await seedChange("aiib", "UNFSSC", 2, 4);
    await detectAlerts(db, { versionIds: [aiib2.versionId], now: evening });

    await runOutbox(db, config(), { now: evening });
    expect(smtp.inbox.filter((m) => m.to.includes(to))).toHaveLength(0);

    const due = new Date("2026-11-30T06:00:00Z");
    await runOutbox(db, config(), { now: due });
    await runOutbox(db, config(), { now: new Date("2026-11-30T07:00:00Z") });
    const mails = smtp.inbox.filter((m) => m.to.includes(to));
    expect(mails).toHaveLength(1);
    const text = mails[0].decoded;
    expect(mails[0].subject).toContain("Daily digest: 6 alerts on AIIB, CAF");
    const aiibAt = text.indexOf("== AIIB (4) ==");
    const cafAt = text.indexOf("== CAF (2) ==");
    expect(aiibAt).toBeGreaterThanOrEqual(0);
    expect(cafAt).toBeGreaterThan(aiibAt);
    const aiibSection = text.slice(aiibAt, cafAt);
    expect(aiibSection).toContain("Perez-Guerrero Trust Fund");
    expect(aiibSection).toContain("United Nations Fund for South-South Cooperation");
    expect(aiibSection).not.toContain("IBSA");
    expect(text.slice(cafAt)).toContain("India, Brazil and South Africa Facility");
    expect(mails[0].decoded).toContain("<h2>AIIB (4)</h2>");
    const rows = await db.select().from(alertDeliveries).where(eq(alertDeliveries.subscriptionId, sub.id));
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent", "sent", "sent"]);
  });

  it("keeps e-mail in the outbox, without using up attempts, while SMTP is not configured", async () => {
    const db = t().db;
    const sub = await createSubscription(db, {
      name: "ndb",
      channel: "email",
      target: `ndb-${kind}@example.org`,
      organizationId: "ndb",
    });
    const cur = await seedBeforeAfter(db, {
      keys: [`NDB/${kind}/1`, `NDB/${kind}/2`],
      organizationId: "ndb",
      before: [money(1_000_000, { subject: "IBSA Fund" })],
      after: [money(3_000_000, { subject: "IBSA Fund" })],
    });
    const now = new Date("2026-11-29T08:00:00Z");
    await detectAlerts(db, { versionIds: [cur.versionId], now });
    const result = await runOutbox(db, { mailFrom: "x@example.org" }, { now });
    expect(result.postponed).toBeGreaterThanOrEqual(1);
    const [row] = await db
      .select()
      .from(alertDeliveries)
      .where(inArray(alertDeliveries.subscriptionId, [sub.id]));
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(row.lastError).toMatch(/SMTP_URL is not set/);
  });
});
