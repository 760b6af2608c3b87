import { describe, expect, it } from "vitest";
import { UnavailableError } from "../errors.ts";
import { launchChromium, resolveChromium } from "./chromium.ts";

/** Counts the pixels of a PNG that are darker than mid-grey, by drawing it in the browser itself. */
async function darkPixels(png: Buffer, browser: Awaited<ReturnType<typeof launchChromium>>): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async (dataUrl) => {
        const img = new Image();
        img.src = dataUrl;
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = img.width;
        canvas.height = img.height;
        const g = canvas.getContext("2d")!;
        g.drawImage(img, 0, 0);
        const { data } = g.getImageData(0, 0, img.width, img.height);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 384) dark++;
        return dark;
      },
      `data:image/png;base64,${png.toString("base64")}`,
    );
  } finally {
    await page.close();
  }
}

describe("chromium from CHROMIUM_PATH, the system or npm", () => {
  it("starts without system packages and draws text with real fonts", async () => {
    const resolved = await resolveChromium();
    expect(["system", "npm"]).toContain(resolved.origin);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 400, height: 120 } });
      await page.setContent('<p style="font: 32px sans-serif; margin: 10px">Sud-Sud 3,000,000 €</p>');
      const withText = await page.screenshot();
      await page.setContent("<p></p>");
      const blank = await page.screenshot();
      // Missing fonts print nothing at all (a white page): the text must leave ink.
      expect(await darkPixels(withText, browser)).toBeGreaterThan(500);
      expect(await darkPixels(blank, browser)).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it("names a CHROMIUM_PATH that is not an executable file, in one line", async () => {
    const error = await launchChromium({ chromiumPath: "/nonexistent/chromium" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toBe("CHROMIUM_PATH=/nonexistent/chromium is not an executable file");
  });

  it("says in one line which binary did not start and what to set", async () => {
    const error = await launchChromium({ chromiumPath: "/bin/false" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^chromium \(CHROMIUM_PATH: \/bin\/false\) did not start: .+; set CHROMIUM_PATH/);
    expect(message).not.toContain("\n");
  });
});
