import { describe, expect, it } from "vitest";
import { assembleOverview } from "./overview-assemble.ts";
import { organizationPart } from "./overview-organization.ts";
import type { SystemMemo } from "./overview-system.ts";
import type { OverviewDocumentInput, OverviewFactInput, OverviewInput } from "./overview-types.ts";
import { buildOverview, overviewParts } from "./overview.ts";
import { UNCORRECTED } from "../test/fact-fixtures.ts";
import { random } from "../test/random.ts";

const ORGS = ["undp", "unossc", "fao", "ilo"].map((id) => ({ id, name: id, acronym: id.toUpperCase(), kind: "x" }));
const SUBJECTS = ["IBSA Fund", "Perez-Guerrero Trust Fund", "South-South Unit"];
const PERIODS = ["2022", "2023", "2024", "2023-2024", "2024-2025"];
const NOW = new Date("2026-12-01T00:00:00Z");

/** Facts of four organizations that share subjects, bases and near-equal amounts: many system-wide merges. */
function input(seed: number): OverviewInput {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const documents: OverviewDocumentInput[] = Array.from({ length: 12 }, (_, i) => ({
    id: i + 1,
    title: `Report ${i + 1}`,
    url: `https://example.org/${i + 1}.pdf`,
    organizationId: ORGS[i % ORGS.length].id,
    sourceId: null,
    type: "budget",
    symbol: null,
    status: "active",
    latestVersionId: (i + 1) * 10,
    passages: 4,
    relevantPassages: 1,
  }));
  const facts = Array.from({ length: 160 }, (_, i) => fundingFact(i + 1, pick(documents), next));
  return { year: 2024, now: NOW, reviewThreshold: 0.9, organizations: ORGS, documents, facts, passages: [] };
}

function fundingFact(id: number, d: OverviewDocumentInput, next: () => number): OverviewFactInput {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const period = pick(PERIODS);
  const [start, end = start] = period.split("-").map(Number);
  const value = Math.round(pick([250_000, 1_000_000, 3_500_000]) * (1 + (next() - 0.5) * 0.012));
  const currency = pick(["USD", "USD", "EUR"]);
  return {
    id,
    documentId: d.id,
    versionId: d.latestVersionId!,
    organizationId: d.organizationId,
    kind: "funding",
    value,
    currency,
    period,
    periodStart: start,
    periodEnd: end,
    basis: pick(["contribution", "pledge", "allocation"]),
    count: null,
    grade: null,
    subject: pick(SUBJECTS),
    quote: `quote ${id}`,
    page: 1 + (id % 5),
    confidence: pick([0.8, 0.95]),
    status: pick(["auto", "auto", "confirmed"] as const),
    ...UNCORRECTED,
    evidence: next() < 0.3 ? { subjectId: "ibsa", contributor: pick(["India", "Brazil"]) } : {},
  };
}

/** One change to one organization's facts, as a review, a correction or a new report would make it. */
function change(facts: OverviewFactInput[], next: () => number): OverviewFactInput[] {
  const i = Math.floor(next() * facts.length);
  const f = facts[i];
  const options: OverviewFactInput[] = [
    { ...f, status: "confirmed" },
    { ...f, status: "corrected", correctedValue: (f.value ?? 0) * 3 },
    { ...f, status: "rejected" },
    { ...f, status: "corrected", correctedPeriod: "2024" },
    { ...f, confidence: 0.5 },
    { ...f },
  ];
  const changed = options[Math.floor(next() * options.length)];
  return facts.map((x, j) => (j === i ? changed : x));
}

describe("system-wide figures kept per key", () => {
  it("equal the full build after each change to one organization, its part alone rebuilt", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed * 97);
      let data = input(seed);
      const base = overviewParts(data);
      const parts = [...base.parts];
      const systemMemo: SystemMemo = new Map();
      const docs = new Map(data.documents.map((d) => [d.id, d]));
      expect(assembleOverview({ ...base, parts, systemMemo })).toEqual(buildOverview(data));
      for (let step = 0; step < 12; step++) {
        const k = Math.floor(next() * ORGS.length);
        const org = ORGS[k];
        const own = data.facts.filter((f) => f.organizationId === org.id);
        const others = data.facts.filter((f) => f.organizationId !== org.id);
        data = { ...data, facts: [...others, ...change(own, next)].sort((a, b) => a.id - b.id) };
        const mine = data.facts.filter((f) => f.organizationId === org.id);
        const ownDocs = data.documents.filter((d) => d.organizationId === org.id);
        parts[k] = organizationPart(org, mine, docs, ownDocs, { year: 2024, reviewThreshold: 0.9, passages: [] });
        const kept = assembleOverview({ ...base, parts, systemMemo });
        expect(kept, `seed ${seed}, step ${step}`).toEqual(buildOverview(data));
      }
      // Not vacuous: several organizations' figures were merged into one system-wide figure.
      const merged = assembleOverview({ ...base, parts, systemMemo }).trustFunds.some((t) => {
        const orgs = new Set(t.evidence.map((e) => data.facts.find((f) => f.id === e.factId)?.organizationId));
        return orgs.size > 1;
      });
      expect(merged).toBe(true);
    }
  });
});
