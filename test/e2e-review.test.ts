import { readFileSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium } from "../browser/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./db-harness.ts";
import { createUser, makeApp, seedEvidence } from "./api-fixtures.ts";
import { serveApp, type ServedApp } from "./app-server.ts";

/**
 * An analyst's whole review in chromium (system or npm): sign in, open the year, follow a number to its evidence,
 * correct it, see the table and the export change.
 */

describe("end to end in chromium", () => {
  let test: TestDatabase;
  let server: ServedApp | undefined;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;

  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    seeded = await seedEvidence(test.db, { year: 2024 });
    await seedEvidence(test.db, { year: 2023, title: "UNDP integrated budget 2023" });
    await createUser(test.db, "amina", "correct horse battery");
    server = await serveApp(makeApp(test.db));
    base = server.base;
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await test?.drop();
  });

  it(
    "signs in, follows a number to its evidence, " + "corrects it, and sees the table and the CSV export change",
    async () => {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.getByRole("link", { name: "Sign in" }).click();
      await page.getByLabel("Name").fill("amina");
      await page.getByLabel("Password").fill("correct horse battery");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.locator("header").innerText()).toContain("Signed in as amina");

      await page.getByLabel("Year", { exact: true }).selectOption("2024");
      await page.getByRole("button", { name: "Show" }).click();
      await page.waitForURL(/\?year=2024$/);
      const cell = page.locator('#agency-table td[data-basis="allocation"] a');
      expect(await cell.innerText()).toBe("3,500,000");

      await cell.click();
      await page.waitForURL(`${base}/facts/${seeded.fundingId}`);
      expect(await page.locator("blockquote.passage mark").innerText()).toBe("$3.5 million");
      expect(
        await page.getByRole("link", { name: /UNDP integrated budget 2024, page 2/ }).getAttribute("href"),
      ).toMatch(/\.pdf#page=2$/);

      await page.getByLabel("Value").fill("4,000,000");
      await page.getByLabel("Note").fill("Total of table 3");
      await page.getByRole("button", { name: "Save correction" }).click();
      await page.waitForURL(`${base}/facts/${seeded.fundingId}`);
      const history = await page.getByRole("list", { name: "Review history" }).innerText();
      expect(history).toMatch(/corrected → value 4,000,000 by amina on \d{4}-\d\d-\d\d/);
      expect(history).toContain("Total of table 3");

      await page.goto(`${base}/?year=2024`);
      expect(await page.locator('#agency-table td[data-basis="allocation"] a').innerText()).toBe("4,000,000");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "CSV", exact: true }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("ssc-overview-2024.csv");
      const csv = readFileSync((await download.path())!, "utf8");
      expect(csv).toMatch(/undp,.*,funding_usd,allocation,4000000,/);
      expect(csv).not.toContain(",3500000,");
      await page.close();
    },
  );
});
