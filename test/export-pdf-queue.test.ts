import { beforeAll, expect, it } from "vitest";
import { createApp } from "../api/app.ts";
import { loadConfig } from "../config.ts";
import { UnavailableError } from "../errors.ts";
import { MAX_WAITING, htmlToPdf, pdfRenderStats } from "../exports/pdf.ts";
import { describeEachDb } from "./db-harness.ts";

const doc = (n: number) => `<!doctype html><html><body><h1>Overview ${n}</h1></body></html>`;
const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-";

it("renders concurrent PDFs one at a time in one browser, closed once the queue is empty", async () => {
  const before = pdfRenderStats();
  const pdfs = await Promise.all([1, 2, 3].map((n) => htmlToPdf(doc(n))));
  expect(pdfs.every(isPdf)).toBe(true);
  const after = pdfRenderStats();
  expect(after.maxActive).toBe(1);
  expect(after.renders - before.renders).toBe(3);
  // All three were queued before the first ended: one launch served them.
  expect(after.launches - before.launches).toBe(1);
  expect(after).toMatchObject({ active: 0, waiting: 0 });
  // The browser was closed when the queue emptied: the next job launches a new one.
  await htmlToPdf(doc(4));
  expect(pdfRenderStats().launches - after.launches).toBe(1);
});

it("refuses a job beyond MAX_WAITING with an unavailable error and serves the others", async () => {
  const jobs = Array.from({ length: MAX_WAITING + 1 }, (_, n) =>
    htmlToPdf(doc(n)).then(isPdf, (error: unknown) => error),
  );
  const results = await Promise.all(jobs);
  expect(results.slice(0, MAX_WAITING).every((r) => r === true)).toBe(true);
  const refused = results[MAX_WAITING];
  // A domain error the API answers with 503 and Retry-After (api/errors.ts).
  expect(refused).toBeInstanceOf(UnavailableError);
  expect((refused as Error).message).toMatch(/PDF exports are already waiting; try again in a minute/);
  expect(pdfRenderStats()).toMatchObject({ maxActive: 1, waiting: 0 });
});

it("keeps serving after a render fails (a browser that cannot be launched)", async () => {
  await expect(htmlToPdf(doc(0), { chromiumPath: "/nonexistent/chromium" })).rejects.toThrow(
    /^CHROMIUM_PATH=\/nonexistent\/chromium is not an executable file$/,
  );
  expect(isPdf(await htmlToPdf(doc(1)))).toBe(true);
  expect(pdfRenderStats()).toMatchObject({ active: 0, waiting: 0 });
});

describeEachDb("anonymous PDF exports", (t) => {
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    app = createApp({ db: t().db, config: loadConfig({}, {}) });
  });

  it("answers concurrent /overview/:year.pdf requests, never rendering two at once", async () => {
    const responses = await Promise.all([1, 2, 3, 4].map(() => app.request("/overview/2024.pdf")));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const res of responses) {
      expect(res.headers.get("content-type")).toMatch(/application\/pdf/);
      expect(isPdf(new Uint8Array(await res.arrayBuffer()))).toBe(true);
    }
    expect(pdfRenderStats()).toMatchObject({ maxActive: 1, active: 0, waiting: 0 });
  });
});
