import { PassThrough, Readable } from "node:stream";
import { beforeAll, expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { alertsCommand, runAlerts } from "../cli/commands/alerts.ts";
import { loadConfig } from "../config.ts";
import { describeEachDb } from "./db-harness.ts";
import { money, posts, seedBeforeAfter } from "./alerts-seed.ts";

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { text: "", err: "" };
  stdout.on("data", (d) => (out.text += d));
  stderr.on("data", (d) => (out.err += d));
  return { io: { stdin: Readable.from([]), stdout, stderr }, out };
}

const config = loadConfig({}, {});

describeEachDb("ssc-monitor alerts", (t, kind) => {
  const run = async (argv: string[]) => {
    const { io: streams, out } = io();
    const code = await runAlerts(argv, streams, { db: t().db, config });
    return { code, ...out };
  };

  beforeAll(async () => {
    const db = t().db;
    const cur = await seedBeforeAfter(db, {
      keys: ["WFP/1", "WFP/2"],
      organizationId: "wfp",
      before: [
        money(2_000_000, { subject: "WFP Centre of Excellence" }),
        posts(4, "P-4", { subject: "WFP Centre of Excellence" }),
      ],
      after: [
        money(2_500_000, { subject: "WFP Centre of Excellence" }),
        posts(3, "P-4", { subject: "WFP Centre of Excellence" }),
      ],
    });
    await detectAlerts(db, { versionIds: [cur.versionId], now: new Date("2026-11-29T08:00:00Z") });
  });

  it("lists recent alerts, one line each: organization, subject, metric, old value, new value, change", async () => {
    const { code, text } = await run([]);
    expect(code).toBe(0);
    const lines = text
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual([
      "WFP",
      "WFP Centre of Excellence against Hunger",
      "budget (funding) 2024-2025",
      "2,000,000 USD",
      "2,500,000 USD",
      "+500,000 USD (+25.0 %)",
      expect.stringMatching(/^#\d+ 2026-11-29$/),
    ]);
    expect(lines).toContainEqual([
      "WFP",
      "WFP Centre of Excellence against Hunger",
      "P-4 posts 2024-2025",
      "4 posts",
      "3 posts",
      "−1 post (−25.0 %)",
      expect.stringMatching(/^#\d+/),
    ]);
    expect((await run(["--limit", "1"])).text.trim().split("\n")).toHaveLength(1);
  });

  it("prints JSON lines with --json", async () => {
    const { text } = await run(["--json"]);
    const rows = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.metric).sort()).toEqual(["funding:budget", "posts:P-4", "posts:total"]);
    expect(rows[0]).toHaveProperty("evidence.old.quote");
  });

  it("subscribes, lists subscriptions and acknowledges", async () => {
    const sub = await run([
      "subscribe",
      "--channel",
      "webhook",
      "--target",
      "https://hooks.example.org/x",
      "--metric",
      "posts",
      "--organization",
      "wfp",
    ]);
    expect(sub.code).toBe(0);
    expect(sub.text).toMatch(/subscribed #\d+/);
    expect(sub.text).toMatch(/webhook secret \(shown only now.*\): [0-9a-f]{64}/);
    const mail = await run(["subscribe", "--channel", "email", "--target", "desk@example.org", "--digest", "weekly"]);
    expect(mail.text).toMatch(/weekly digest/);
    const listed = (await run(["subscriptions"])).text;
    expect(listed).toMatch(/webhook\thttps:\/\/hooks\.example\.org\/x\torganization=wfp metric=posts\tat once\tactive/);
    expect(listed).toMatch(/email\tdesk@example\.org\teverything\tweekly/);
    const id = (await run(["--json"])).text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))[0].id;
    const acked = await run(["ack", String(id), "--by", "Kofi"]);
    expect(acked.text).toMatch(new RegExp(`alert #${id} acknowledged by Kofi`));
    expect((await run(["--unacknowledged"])).text.trim().split("\n")).toHaveLength(2);
  });

  it("runs detection and the outbox once on demand", async () => {
    const db = t().db;
    expect(
      (await run(["subscribe", "--channel", "email", "--target", "eca@example.org", "--organization", "eca"])).code,
    ).toBe(0);
    await seedBeforeAfter(db, {
      keys: ["ECA/1", "ECA/2"],
      organizationId: "eca",
      fromDay: 3,
      before: [posts(1, "D-1", { subject: "TCDC Unit" })],
      after: [posts(2, "D-1", { subject: "TCDC Unit" })],
    });
    const detected = JSON.parse((await run(["detect"])).text);
    // Two alerts, each for the e-mail subscription on ECA and the weekly digest on everything.
    expect(detected).toMatchObject({ alerts: 2, deliveries: 4 });
    expect(JSON.parse((await run(["detect"])).text)).toMatchObject({ alerts: 0, deliveries: 0 });
    // No SMTP_URL in this configuration: the e-mail waits in the outbox.
    expect(JSON.parse((await run(["deliver"])).text)).toMatchObject({ sent: 0, postponed: 2 });
  });

  it("says what is wrong with a bad command line", async () => {
    await expect(run(["subscribe", "--channel", "pigeon", "--target", "x"])).rejects.toThrow(
      /--channel must be webhook or email/,
    );
    await expect(run(["ack", "7"])).rejects.toThrow(/--by NAME is required/);
    await expect(run(["--limit", "zero"])).rejects.toThrow(/--limit must be a positive whole number/);
    await expect(run(["subscribe", "--channel", "email", "--target", "nobody"])).rejects.toThrow(
      /not an e-mail address/,
    );
  });

  if (kind === "postgres") {
    it("runs as a command against the configured database", async () => {
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = t().url;
      try {
        const { io: streams, out } = io();
        expect(await alertsCommand.run(["--limit", "2"], streams)).toBe(0);
        expect(out.text.trim().split("\n")).toHaveLength(2);
        await expect(alertsCommand.run(["frobnicate"], io().io)).rejects.toThrow(/unknown alerts command "frobnicate"/);
      } finally {
        if (saved === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = saved;
      }
    });
  }
});
