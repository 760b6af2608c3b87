/**
 * `npx tsx demo/screenshots.ts`: the README's pictures, taken from the demo in chromium as a
 * signed-in analyst sees it (home page, an organization, the review queue), into docs/screenshots/.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../browser/chromium.ts";
import { startDemo } from "./run.ts";

const OUT = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));
const SHOTS = [
  { name: "home.png", path: "/", fullPage: false },
  { name: "organization.png", path: "/organizations/fao?year=2024", fullPage: false },
  { name: "review-queue.png", path: "/review", fullPage: false },
];

const demo = await startDemo({ say: () => {} });
const browser = await launchChromium();
try {
  mkdirSync(OUT, { recursive: true });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1100 } })).newPage();
  await page.goto(`${demo.url}/login`);
  await page.getByLabel("Name").fill(demo.user.name);
  await page.getByLabel("Password").fill(demo.user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("header").getByText("Signed in as").waitFor();
  for (const s of SHOTS) {
    await page.goto(`${demo.url}${s.path}`);
    await page.screenshot({ path: `${OUT}${s.name}`, fullPage: s.fullPage });
    process.stdout.write(`${OUT}${s.name}\n`);
  }
} finally {
  await browser.close();
  await demo.stop();
}
