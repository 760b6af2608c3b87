import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemo, type Demo } from "../demo/run.ts";

/** `npm run demo` without its browser: everything it shows comes from the local mirror. */
describe("the offline demo", () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ say: () => {} });
  }, 120_000);
  afterAll(async () => {
    await demo?.stop();
  });

  it("crawls every demo publisher and the built-in World Bank source from the local mirror only", async () => {
    expect(demo.summaries.map((s) => [s.source, s.status, s.failed])).toEqual([
      ["demo-undp", "succeeded", 0],
      ["demo-unossc", "succeeded", 0],
      ["demo-ilo", "succeeded", 0],
      ["demo-fao", "succeeded", 0],
      ["demo-isdb", "succeeded", 0],
      ["worldbank-projects", "succeeded", 0],
    ]);
    const docs = await (await fetch(`${demo.url}/api/documents?limit=100`)).json();
    const pdfs = docs.items.filter((d: { type: string | null }) => d.type !== "project");
    expect(pdfs).toHaveLength(7);
    for (const d of pdfs) expect(d.url.startsWith(`${demo.mirrorUrl}/docs/`)).toBe(true);
    expect(
      docs.items.filter((d: { type: string | null }) => d.type === "project").map((d: { title: string }) => d.title),
    ).toEqual(["South-South Knowledge Exchange Facility for Agricultural Innovation"]);
    const sources = await (await fetch(`${demo.url}/api/sources`)).json();
    expect(sources.items.map((s: { status: string }) => s.status)).toEqual(Array(6).fill("ok"));
  });

  it("serves the 2024 overview with figures from the analysed PDFs, in three languages", async () => {
    const o = await (await fetch(`${demo.url}/api/overview/2024?evidence=full`)).json();
    const byId = Object.fromEntries(o.organizations.map((org: { id: string }) => [org.id, org]));
    expect(Object.keys(byId).sort()).toEqual(["fao", "ilo", "isdb", "undp", "unossc", "worldbank"]);
    expect(byId.worldbank.funding[0]).toMatchObject({ basis: "commitment", value: 15_000_000, period: "2024-2027" });
    expect(byId.undp.fundingByBasis).toEqual([expect.objectContaining({ basis: "allocation", usdForYear: 4_200_000 })]);
    expect(byId.undp.change.fundingByBasis[0]).toMatchObject({ previous: 3_800_000 });
    expect(byId.unossc.postsTotal).toBe(7);
    expect(byId.ilo.posts).toEqual([expect.objectContaining({ grade: "P-3", count: 2 })]);
    expect(byId.fao.funding[0]).toMatchObject({ value: 6_000_000, period: "2024-2025" });
    const page = await (await fetch(`${demo.url}/?year=2024`)).text();
    expect(page).toContain("4,200,000");
  });

  it("lets the printed analyst account sign in", async () => {
    const form = await fetch(`${demo.url}/login`);
    const csrf = /ssc_login_csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")![1];
    const res = await fetch(`${demo.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: {
        origin: demo.url,
        cookie: `ssc_login_csrf=${csrf}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ name: demo.user.name, password: demo.user.password, csrf }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/ssc_session=/);
  });

  it("removes its temporary database when stopped", async () => {
    expect(existsSync(demo.scratch)).toBe(true);
    await demo.stop();
    expect(existsSync(demo.scratch)).toBe(false);
    demo = undefined as never;
  });
});
