import { expect, it } from "vitest";
import type { Evidence, Overview } from "../analysis/overview-types.ts";
import { reviewFact } from "../db/queries/reviews.ts";
import { sources } from "../db/schema/sources.ts";
import { analyzePendingVersions } from "../pipeline/analyze.ts";
import { makeApp } from "./api-fixtures.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, SSTC_PAGES } from "./seed-facts.ts";
import { seedVaried } from "./seed-varied.ts";

interface Link {
  count: number;
  href: string;
}
interface CellAnswer {
  organization: string | null;
  metric: string;
  count: number;
  evidence: Evidence[];
  figures?: Array<{ evidence: Evidence[] }>;
}
type Table = {
  organizations: Array<{
    id: string;
    funding?: unknown;
    fundingByBasis: Array<{ basis: string; usdForYear: number; evidence: Link }>;
    posts: Array<{ grade: string; count: number; evidence: Link }>;
    units: Array<{ name: string; evidence: Link }>;
    unconverted: { figures: number; evidence: Link | null };
    pending: { figures: number; evidence: Link | null };
  }>;
  trustFunds: Array<{ fund: string; evidence: Link }>;
  totals: { fundingByBasis: Array<{ basis: string; usdForYear: number; evidence: Link }> };
  sources: { count: number };
};

/** Every cell of the table with its link, and the evidence the full answer gives for the same cell. */
function cells(table: Table, full: Overview): Array<{ link: Link; expected: Evidence[]; name: string }> {
  const out: Array<{ link: Link; expected: Evidence[]; name: string }> = [];
  const byFact = new Map(
    full.organizations.flatMap((o) => o.funding.flatMap((f) => f.evidence.map((e) => [e.factId, e]))),
  );
  for (const org of table.organizations) {
    const whole = full.organizations.find((o) => o.id === org.id)!;
    const ids = (list: number[]) => list.map((id) => (byFact.get(id) ?? staffEvidence(whole, id))!);
    for (const t of org.fundingByBasis) {
      const total = whole.fundingByBasis.find((x) => x.basis === t.basis)!;
      expect(t.usdForYear).toBe(total.usdForYear);
      out.push({ link: t.evidence, expected: ids(total.evidenceIds), name: `${org.id} funding:${t.basis}` });
    }
    for (const p of org.posts) {
      const total = whole.posts.find((x) => x.grade === p.grade)!;
      expect(p.count).toBe(total.count);
      out.push({ link: p.evidence, expected: ids(total.evidenceIds), name: `${org.id} posts:${p.grade}` });
    }
    for (const u of org.units)
      out.push({ link: u.evidence, expected: whole.units.find((x) => x.name === u.name)!.evidence, name: u.name });
    if (org.unconverted.evidence) {
      const expected = whole.funding.filter((f) => f.usd === null).flatMap((f) => f.evidence);
      out.push({ link: org.unconverted.evidence, expected, name: `${org.id} unconverted` });
    }
    if (org.pending.evidence) {
      const expected = [...whole.pending.funding, ...whole.pending.staffing].flatMap((f) => f.evidence);
      out.push({ link: org.pending.evidence, expected, name: `${org.id} pending` });
    }
  }
  for (const f of table.trustFunds)
    out.push({ link: f.evidence, expected: full.trustFunds.find((x) => x.fund === f.fund)!.evidence, name: f.fund });
  for (const t of table.totals.fundingByBasis) {
    const total = full.totals.fundingByBasis.find((x) => x.basis === t.basis)!;
    out.push({ link: t.evidence, expected: total.evidenceIds.map((id) => byFact.get(id)!), name: `all ${t.basis}` });
  }
  return out;
}

const staffEvidence = (o: Overview["organizations"][number], id: number) =>
  o.staffing.flatMap((s) => s.evidence).find((e) => e.factId === id);

describeEachDb("the overview's tables with evidence per cell", (t) => {
  let app: ReturnType<typeof makeApp>;

  it(
    "answers the tables without quotes, " + "each cell with its count and link, the numbers of the full answer",
    async () => {
      const { db } = t();
      app = makeApp(db);
      await seedVaried(db);
      await db.insert(sources).values({ id: "undp-docs", organizationId: "undp", kind: "html", status: "ok" });
      await seedDocument(db, { organizationId: "unctad", title: "Programme budget 2024-2025", pages: SSTC_PAGES });
      await analyzePendingVersions(db, { workerId: "t" });
      const tableRes = await app.request("/api/overview/2024");
      const fullRes = await app.request("/api/overview/2024?evidence=full");
      expect(tableRes.status).toBe(200);
      expect(fullRes.status).toBe(200);
      const text = await tableRes.text();
      const fullText = await fullRes.text();
      expect(text).not.toContain('"quote"');
      expect(fullText).toContain('"quote"');
      expect(text.length).toBeLessThan(fullText.length / 2);
      const table = JSON.parse(text) as Table;
      const full = JSON.parse(fullText) as Overview;
      expect(table.organizations.map((o) => o.id)).toEqual(full.organizations.map((o) => o.id));
      expect(table.organizations[0].funding).toBeUndefined();
      expect(table.sources.count).toBe(full.sources.length);
      expect(table.totals.fundingByBasis.map((x) => x.usdForYear)).toEqual(
        full.totals.fundingByBasis.map((x) => x.usdForYear),
      );
    },
  );

  it("answers each cell's link with that cell's quotes, pages and links, as the full answer lists them", async () => {
    const table = (await (await app.request("/api/overview/2024")).json()) as Table;
    const full = (await (await app.request("/api/overview/2024?evidence=full")).json()) as Overview;
    const all = cells(table, full);
    // Not vacuous: cells of every kind, some with several pieces of evidence.
    for (const kind of ["funding:", "posts:", "pending", "all "])
      expect(all.some((c) => c.name.includes(kind))).toBe(true);
    expect(all.some((c) => c.expected.length > 1)).toBe(true);
    expect(table.trustFunds.length).toBeGreaterThan(0);
    for (const { link, expected, name } of all) {
      const res = await app.request(link.href);
      expect(res.status, name).toBe(200);
      const cell = (await res.json()) as CellAnswer;
      expect(cell.count, name).toBe(link.count);
      expect(cell.evidence, name).toEqual(expected);
      for (const e of cell.evidence) {
        expect(e.quote, name).toBeTruthy();
        expect(e.url, name).toBeTruthy();
      }
      if (cell.figures)
        expect(
          cell.figures.flatMap((f) => f.evidence),
          name,
        ).toEqual(cell.evidence);
    }
  });

  it("names what is wrong: unknown organization or cell 404, bad metric, year or evidence option 400", async () => {
    const unknownOrg = await app.request("/api/overview/2024/evidence?organization=nobody&metric=funding:budget");
    expect(unknownOrg.status).toBe(404);
    expect((await unknownOrg.json()).message).toMatch(/No organization "nobody" in the 2024 overview/);
    const unknownCell = await app.request("/api/overview/2024/evidence?organization=undp&metric=funding:nothing");
    expect(unknownCell.status).toBe(404);
    expect((await unknownCell.json()).message).toMatch(/has no cell "funding:nothing" in 2024; its cells: funding:/);
    const noSystemCell = await app.request("/api/overview/2024/evidence?metric=posts:P-4");
    expect(noSystemCell.status).toBe(404);
    expect((await noSystemCell.json()).message).toMatch(/name an organization/);
    for (const path of [
      "/api/overview/2024/evidence?organization=undp&metric=speed",
      "/api/overview/2024/evidence?organization=undp",
      "/api/overview/2024/evidence?organization=no%20such&metric=pending",
      "/api/overview/abc/evidence?metric=funding:budget",
      "/api/overview/3000/evidence?metric=funding:budget",
      "/api/overview/2024?evidence=some",
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(400);
      expect((await res.json()).code, path).toBe("bad_request");
    }
  });

  it(
    "answers a cell's evidence with 304 while the data is unchanged, " + "and the new evidence after a review",
    async () => {
      const { db } = t();
      const table = (await (await app.request("/api/overview/2024")).json()) as Table;
      const org = table.organizations.find((o) => o.fundingByBasis.length)!;
      const href = org.fundingByBasis[0].evidence.href;
      const first = await app.request(href);
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^W\/".+"$/);
      const again = await app.request(href, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      const before = (await first.json()) as CellAnswer;
      await reviewFact(db, { id: before.evidence[0].factId, action: "reject", actor: "amina", actorKind: "user" });
      const after = await app.request(href, { headers: { "if-none-match": etag } });
      expect(after.headers.get("etag")).not.toBe(etag);
      if (after.status === 200) {
        const cell = (await after.json()) as CellAnswer;
        expect(cell.evidence.map((e) => e.factId)).not.toContain(before.evidence[0].factId);
      } else expect(after.status).toBe(404);
    },
  );
});
