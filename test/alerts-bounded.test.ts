import { and, eq, inArray, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { detectChanges, type ChangeFact, type VersionFacts } from "../analysis/changes.ts";
import type { Db } from "../db/client.ts";
import { loadChangeInput } from "../db/queries/change-input.ts";
import { documentVersions, documents, facts } from "../db/schema/index.ts";
import { day, money, posts, type SeedFact, seedBeforeAfter, seedVersion, unit } from "./alerts-seed.ts";
import { describeEachDb } from "./db-harness.ts";
import { random } from "./random.ts";

const now = new Date("2026-11-29T08:00:00Z");

const SUBJECTS = ["Special Unit for South-South Cooperation", "UNOSSC", "Pérez-Guerrero Trust Fund", "SSC Desk"];
const PERIODS: Array<[string, number | null, number | null]> = [
  ["2023", 2023, 2023],
  ["2024", 2024, 2024],
  ["2024-2025", 2024, 2025],
  ["2025", 2025, 2025],
  ["the biennium", null, null],
];

/**
 * One version's facts: budgets and expenditure in dollars, euros and a currency without a rate
 * (no USD), sometimes two readings of one figure in different currencies, posts by grade and
 * ungraded, unit mentions, and every review status, corrections changing subject, period,
 * currency or value.
 */
function versionFacts(next: () => number): SeedFact[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const out: SeedFact[] = [];
  const n = 1 + Math.floor(next() * 4);
  for (let i = 0; i < n; i++) {
    const [period, periodStart, periodEnd] = pick(PERIODS);
    const subject = pick(SUBJECTS);
    const status = pick(["auto", "auto", "auto", "confirmed", "rejected", "superseded", "corrected"] as const);
    const over = { period, periodStart, periodEnd, subject, status, confidence: 0.5 + next() / 2 };
    const correction =
      status !== "corrected"
        ? {}
        : pick([
            { correctedSubject: pick(SUBJECTS) },
            { correctedPeriod: pick(PERIODS)[0] },
            { correctedValue: Math.round(next() * 5) * 1e6 + 1e6, correctedCurrency: pick(["USD", "EUR"]) },
          ]);
    const kind = next();
    if (kind < 0.55) {
      const value = (1 + Math.floor(next() * 6)) * 500_000;
      const currency = pick(["USD", "USD", "EUR", "XYZ"]);
      const basis = pick(["budget", "budget", "expenditure"]);
      out.push(money(value, { ...over, ...correction, currency, value, basis }));
      if (next() < 0.2) out.push(money(value, { ...over, currency: "XYZ", value: value * 3, basis }));
    } else if (kind < 0.9) {
      out.push(posts(1 + Math.floor(next() * 4), pick(["P-4", "P-5", null]), { ...over, ...correction }));
    } else {
      out.push(unit(pick(SUBJECTS), { status }));
    }
  }
  return out;
}

/** Change detection's input read the plain way: every earlier version with all its facts. */
async function everything(db: Db, versionId: number) {
  const versions = await db
    .select({
      versionId: documentVersions.id,
      documentId: documentVersions.documentId,
      fetchedAt: documentVersions.fetchedAt,
      title: documents.title,
      url: documents.url,
      symbol: documents.symbol,
    })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId));
  versions.sort((a, b) => a.fetchedAt.getTime() - b.fetchedAt.getTime() || a.versionId - b.versionId);
  const rows = await db.select().from(facts).orderBy(facts.id);
  const withFacts = (v: (typeof versions)[number], order: number): VersionFacts => ({
    ...v,
    order,
    facts: rows.filter((f) => f.versionId === v.versionId) as unknown as ChangeFact[],
  });
  const at = versions.findIndex((v) => v.versionId === versionId);
  const current = withFacts(versions[at], at);
  const orgs = new Set(current.facts.map((f) => f.organizationId));
  const earlier = versions
    .slice(0, at)
    .map((v, i) => withFacts(v, i))
    .map((v) => ({ ...v, facts: v.facts.filter((f) => orgs.has(f.organizationId)) }))
    .filter((v) => v.facts.length);
  return { current, earlier };
}

const byFingerprint = <T extends { fingerprint: string }>(list: T[]) =>
  [...list].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));

describeEachDb("change detection over a bounded history", (t) => {
  it("raises exactly the alerts that comparing with every earlier fact raises, however few it reads", async () => {
    const db = t().db;
    const next = random(16);
    const ids: number[] = [];
    for (let i = 0; i < 45; i++) {
      const organizationId = i % 5 === 4 ? "unfpa" : "undp";
      const key = `SERIES/${i % 3}`;
      // Stored out of fetch order (a backfill of older editions), some sharing a fetch time.
      const fetchedAt = day(Math.floor(next() * 30));
      ids.push((await seedVersion(db, { key, organizationId, fetchedAt, facts: versionFacts(next) })).versionId);
    }
    let alerts = 0;
    let readFewer = 0;
    for (const id of ids) {
      const all = await everything(db, id);
      const { previousEdition } = (await loadChangeInput(db, id))!;
      const expected = byFingerprint(detectChanges({ ...all, previousEdition }));
      alerts += expected.length;
      // The first look at 1 or 2 recent versions, at 24; every group ranked in SQL, 1 or 3 per group.
      const bounds = [
        { latest: 1, recent: 1 },
        { latest: 1, recent: 2 },
        { latest: 3 },
        { latest: 1, scan: "groups" as const },
        { latest: 3, scan: "groups" as const },
      ];
      for (const bound of bounds) {
        const bounded = (await loadChangeInput(db, id, bound))!;
        if (bounded.earlier.length < all.earlier.length) readFewer++;
        expect(byFingerprint(detectChanges(bounded)), `version ${id}, ${JSON.stringify(bound)}`).toEqual(expected);
      }
    }
    // The history is varied enough to raise alerts, and the bounded reads did read less.
    expect(alerts).toBeGreaterThan(20);
    expect(readFewer).toBeGreaterThan(100);
  });

  it("works the subject out again when the subject is corrected at the source or the vocabulary changed", async () => {
    const db = t().db;
    const renamed = await seedBeforeAfter(db, {
      keys: ["UNICEF/SSC/1", "UNICEF/SSC/2"],
      organizationId: "unicef",
      before: [money(2_000_000, { subject: "SSC Desk" })],
      after: [money(3_000_000, { subject: "UNOSSC" })],
    });
    const old = renamed.before;
    // A key left by an earlier vocabulary (another epoch) is not trusted.
    await db
      .update(facts)
      .set({ subjectKey: "00000000:ssc desk" })
      .where(inArray(facts.versionId, [old.versionId, renamed.versionId]));
    expect((await detectAlerts(db, { versionIds: [renamed.versionId], now })).alerts).toEqual([]);
    // The earlier fact's subject was misread: once fixed in the row, its key follows.
    await db.update(facts).set({ subject: "South-South Cooperation Unit" }).where(eq(facts.versionId, old.versionId));
    const [cleared] = await db.select({ key: facts.subjectKey }).from(facts).where(eq(facts.versionId, old.versionId));
    expect(cleared.key).toBeNull();
    await db.update(facts).set({ subject: "UNOSSC" }).where(eq(facts.versionId, old.versionId));
    const { alerts: raised } = await detectAlerts(db, { versionIds: [renamed.versionId], now });
    expect(raised.map((a) => [a.subject, a.oldValue, a.newValue])).toEqual([
      ["United Nations Office for South-South Cooperation", 2_000_000, 3_000_000],
    ]);
    const keys = await db
      .select({ key: facts.subjectKey })
      .from(facts)
      .where(and(eq(facts.organizationId, "unicef"), sql`${facts.subjectKey} like '00000000:%'`));
    expect(keys).toEqual([]);
  });
});
