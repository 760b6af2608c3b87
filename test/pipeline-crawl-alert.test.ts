import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin-run.ts";
import { makePdf } from "./fixtures/make-pdf.ts";
import { siteSourcesYaml } from "./fixtures/site/crawl-kit.ts";
import { htmlPage, links, pdfPage, startSite, type Site } from "./fixtures/site/site-server.ts";
import { startServer, type TestServer } from "./http-server.ts";

/**
 * One pipeline, as a user meets it: `ssc-monitor crawl` alone, with no `alerts detect` or
 * `alerts deliver`, takes a cut in a South-South unit's budget from the publisher to the alerts
 * list and to a webhook subscription.
 */

const scratch = mkdtempSync(join(tmpdir(), "ssc-pipeline-cli-"));
const data = join(scratch, "data");
let site: Site;
let receiver: TestServer;
const received: Array<{ type: string; alert: { metric: string; oldValue: number; newValue: number } }> = [];
let sourcesFile: string;

const budget = (millions: string) =>
  pdfPage(
    makePdf(
      [
        `Budget of the South-South unit\nThe regular budget of the United Nations Office for South-South Cooperation ` +
          `for 2024-2025 amounts to $${millions} million.\nThe Office has three P-4 posts.`,
      ],
      { title: "UNOSSC budget 2024-2025" },
    ),
  );

beforeAll(async () => {
  site = await startSite({
    "/list": htmlPage(links(["/docs/unossc-budget.pdf"])),
    "/docs/unossc-budget.pdf": budget("4.2"),
  });
  receiver = await startServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    received.push(JSON.parse(body));
    res.writeHead(204).end();
  });
  sourcesFile = join(scratch, "sources.yaml");
  writeFileSync(sourcesFile, siteSourcesYaml("local-ssc-unit", "undp", site.url));
});
afterAll(async () => {
  await site.close();
  await receiver.close();
  rmSync(scratch, { recursive: true, force: true });
});

const run = (args: string[]) =>
  runBin([...args, "--data", data], {
    cwd: scratch,
    // The webhook receiver is on this machine: allowed explicitly, as an internal receiver would be.
    env: { LOG_LEVEL: "warn", SSC_OUTBOUND_ALLOW: "127.0.0.1" },
  });

describe("crawl → analysis → change detection → delivery", () => {
  it("after `crawl` alone, a cut in a South-South unit's budget is listed by `alerts` and posted to the webhook once", {
    timeout: 180_000,
  }, async () => {
    const sub = await run([
      "alerts",
      "subscribe",
      "--channel",
      "webhook",
      "--target",
      `${receiver.url}/hook`,
      "--secret",
      "a-webhook-secret-of-some-length",
    ]);
    expect(sub.code, sub.stderr).toBe(0);

    const first = await run(["crawl", "--source", "local-ssc-unit", "--sources", sourcesFile]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe("");
    expect(JSON.parse(first.stdout)).toMatchObject({ source: "local-ssc-unit", new: 1, status: "succeeded" });

    site.pages.set("/docs/unossc-budget.pdf", budget("3.1"));
    const second = await run(["crawl", "--source", "local-ssc-unit", "--sources", sourcesFile]);
    expect(second.code, second.stderr).toBe(0);
    // Pipes get no progress line: stdout holds the JSON summary alone, stderr nothing.
    expect(second.stdout.trim().split("\n")).toHaveLength(1);
    expect(second.stderr).toBe("");
    expect(JSON.parse(second.stdout)).toMatchObject({ source: "local-ssc-unit", changed: 1 });

    const listed = await run(["alerts", "--json"]);
    const alerts = listed.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(alerts).toEqual([
      expect.objectContaining({
        subject: "United Nations Office for South-South Cooperation",
        metric: "funding:budget",
        oldValue: 4_200_000,
        newValue: 3_100_000,
      }),
    ]);
    expect(received).toEqual([
      expect.objectContaining({
        type: "alert",
        alert: expect.objectContaining({ id: alerts[0].id, oldValue: 4_200_000, newValue: 3_100_000 }),
      }),
    ]);

    // A third crawl (nothing changed) delivers nothing again.
    const third = await run(["crawl", "--source", "local-ssc-unit", "--sources", sourcesFile]);
    expect(JSON.parse(third.stdout)).toMatchObject({ unchanged: 1 });
    expect(received).toHaveLength(1);
  });
});
