import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../browser/chromium.ts";
import { startDemo, type Demo } from "../demo/run.ts";
import { facts } from "../db/schema/facts.ts";
import { subscriptions } from "../db/schema/subscriptions.ts";

/**
 * The analyst's workbench in chromium over the demo data (`npm run demo`): numbers that explain
 * themselves, a correction saved with Enter, the review queue, search, the trend, subscribing.
 */
describe("the workbench in chromium, on the demo", () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo({ say: () => {} });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    await page.goto(`${demo.url}/login`);
    await page.getByLabel("Name").fill(demo.user.name);
    await page.getByLabel("Password").fill(demo.user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("header").getByText(`Signed in as ${demo.user.name}`).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("opens on the latest year with figures and explains a spread figure in its cell", async () => {
    await page.goto(`${demo.url}/`);
    expect(await page.locator("h1").innerText()).toContain("2024");
    const fao = page.locator('#agency-table tr[data-org="fao"] td.figure[data-basis="unspecified"]');
    expect(await fao.locator("a").innerText()).toBe("3,000,000");
    const words = await fao.innerText();
    expect(words).toContain("half of USD 6,000,000 for 2024-2025");
    expect(await fao.locator("a").getAttribute("title")).toContain(
      "USD 3,000,000 counted in 2024 (half of USD 6,000,000 for 2024-2025",
    );
    expect(words).toContain("unreviewed");
    expect(words).toContain("new: no 2023 figure");
    expect(await page.locator("#trend-table").innerText()).toMatch(/2020[\s\S]*2024/);
    await page.locator('#agency-table tr[data-org="fao"] th a').click();
    expect(await page.locator("#year-figures").innerText()).toContain(
      "USD 3,000,000 counted in 2024 (half of USD 6,000,000 for 2024-2025",
    );
  });

  it("saves the typed correction when Enter is pressed, and basis and subject with it", async () => {
    const [fact] = await demo.db
      .select()
      .from(facts)
      .where(eq(facts.organizationId, "fao"))
      .then((rows) => rows.filter((f) => f.kind === "funding"));
    await page.goto(`${demo.url}/facts/${fact.id}`);
    await page.getByLabel("Subject").fill("South-South and triangular cooperation");
    await page.getByLabel("Basis").selectOption("budget");
    await page.getByLabel("Value").fill("5000000");
    await page.getByLabel("Value").press("Enter");
    await page.waitForURL(`${demo.url}/facts/${fact.id}`);
    const [stored] = await demo.db.select().from(facts).where(eq(facts.id, fact.id));
    expect(stored).toMatchObject({
      status: "corrected",
      value: 6_000_000,
      correctedValue: 5_000_000,
      correctedBasis: "budget",
      correctedSubject: "South-South and triangular cooperation",
    });
    expect(await page.getByRole("list", { name: "Review history" }).innerText()).toMatch(
      /corrected → value 5,000,000, basis Budget, subject “South-South and triangular cooperation” by demo/,
    );
    await page.goto(`${demo.url}/?year=2024`);
    const budget = page.locator('#agency-table tr[data-org="fao"] td.figure[data-basis="budget"]');
    expect(await budget.locator("a").innerText()).toBe("2,500,000");
    expect(await budget.innerText()).toContain("corrected");
  });

  it("orders the review queue by effect on the totals, and filters it", async () => {
    await page.goto(`${demo.url}/review`);
    const shares = await page
      .locator("#review-queue tbody tr td:first-child")
      .allInnerTexts()
      .then((l) => l.filter((t) => /%\s+of/.test(t)).map((t) => Number.parseFloat(t)));
    expect(shares.length).toBeGreaterThan(5);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    await page.getByLabel("Organization").selectOption("undp");
    await page.getByLabel("Kind").selectOption("staffing");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/organization=undp/);
    const rows = page.locator("#review-queue tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain("UNDP");
      expect(text).toMatch(/posts? at/);
    }
    await page.getByLabel("Confidence").selectOption("low");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/confidence=low/);
    expect(await page.locator(".notice").innerText()).toContain("Nothing to review");
  });

  it("finds a passage by its words and shows the hit in its page", async () => {
    await page.goto(`${demo.url}/search`);
    await page.getByLabel("Words").fill("Sur-Sur");
    await page.getByLabel("Words").press("Enter");
    await page.waitForURL(/q=Sur-Sur/);
    const hit = page.locator("ol.hits li").first();
    expect(await hit.locator("mark").first().innerText()).toBe("Sur");
    await hit.locator("a").first().click();
    await page.waitForURL(/passages\/\d+/);
    expect(await page.locator("#hit").innerText()).toContain("cooperación Sur-Sur");
    expect(await page.locator("#hit mark").count()).toBeGreaterThan(0);
  });

  it("shows an organization's five-year trend as a table and a chart", async () => {
    await page.goto(`${demo.url}/organizations/UNDP?year=2024`);
    expect(page.url()).toContain("/organizations/undp?year=2024");
    const table = await page.locator("#trend-table").innerText();
    expect(table).toMatch(/Allocation \(USD\)\s+–\s+–\s+–\s+3,800,000\s+4,200,000/);
    expect(await page.locator("figure.trend-chart svg").count()).toBe(1);
  });

  it("subscribes to alerts from the form, and refuses e-mail while no mail server is set", async () => {
    await page.goto(`${demo.url}/alerts`);
    await page.getByRole("link", { name: "Subscribe by e-mail or webhook" }).click();
    expect(await page.locator('select[name="channel"] option[value="email"]').isDisabled()).toBe(true);
    await page.getByLabel("Send alerts by").selectOption("webhook");
    await page.getByLabel("To (e-mail address or https:// URL)").fill("https://hooks.example.org/ssc");
    await page.getByLabel("Organization").selectOption("unossc");
    await page.getByLabel("Changes in").selectOption("posts");
    await page.getByRole("button", { name: "Subscribe" }).click();
    expect(await page.locator("#subscribed").innerText()).toMatch(/Subscription \d+ .* is active/);
    const rows = await demo.db.select().from(subscriptions);
    expect(rows).toEqual([
      expect.objectContaining({
        channel: "webhook",
        target: "https://hooks.example.org/ssc",
        organizationId: "unossc",
        metric: "posts",
        createdBy: demo.user.name,
      }),
    ]);
    const csrf = await page.evaluate(async () => {
      const html = await (await fetch("/alerts/subscribe")).text();
      return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    });
    const refused = await page.evaluate(
      async (token) =>
        (
          await fetch("/alerts/subscribe", {
            method: "POST",
            body: new URLSearchParams({ csrf: token, channel: "email", target: "desk@example.org" }),
          })
        ).status,
      csrf,
    );
    expect(refused).toBe(400);
    expect(await demo.db.select().from(subscriptions)).toHaveLength(1);
  });
});
