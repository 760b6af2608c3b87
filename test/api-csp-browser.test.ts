import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../browser/chromium.ts";
import { createUser, makeApp, seedEvidence } from "./api-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "./db-harness.ts";
import { serveApp, type ServedApp } from "./app-server.ts";

/**
 * Issue 13, item 9: the pages now send a Content-Security-Policy. It must not break them: in
 * chromium, each page renders styled with no CSP violation, signing in (a form post and a
 * redirect) works, and an injected inline script is blocked.
 */
describe("the pages under their Content-Security-Policy, in chromium", () => {
  let test: TestDatabase;
  let server: ServedApp | undefined;
  let base = "";
  let browser: Browser;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;

  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    seeded = await seedEvidence(test.db, {
      year: 2024,
      title: `<script>window.pwned=1</script><img src=x onerror="window.pwned=2">`,
    });
    await createUser(test.db, "amina", "correct horse battery");
    server = await serveApp(makeApp(test.db));
    base = server.base;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.drop();
  });

  it("renders every page styled, without a violation, and signs in", { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    for (const path of [
      "/login",
      "/?year=2024",
      "/alerts",
      "/documents",
      "/sources",
      "/docs",
      `/facts/${seeded.fundingId}`,
    ]) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(res?.headers()["content-security-policy"], path).toContain("script-src 'self'");
      // The inline <style> applied: the header band is not the browser's default transparent.
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector("header.top")!).display);
      expect(styled, path).toBe("flex");
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), path).toBeUndefined();
    }
    await page.goto(`${base}/login`);
    await page.getByLabel("Name").fill("amina");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("header").innerText()).toContain("Signed in as amina");
    expect(violations).toEqual([]);
    await context.close();
  });

  it("blocks a script that got into a page", { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    // As if an escaping bug let markup through: CSP is the second line of defence.
    const ran = await page.evaluate(async () => {
      const s = document.createElement("script");
      s.textContent = "window.injected = true";
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await context.close();
  });
});
