import { expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { toUsd } from "../analysis/currency.ts";
import type { FundingFigure } from "../analysis/overview-types.ts";
import { usd } from "../analysis/overview-words.ts";
import { day } from "./alerts-seed.ts";
import { createKey, makeApp } from "./api-fixtures.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedFact, seedVersion } from "./seed-facts.ts";

/**
 * Issue 12, "one rule in one place": after an analyst corrects a multi-year EUR funding fact, the
 * overview (API, page and JSON export), the fact's evidence in the API and the alert raised on the
 * change all show the corrected amount, and the same USD, converted from the corrected euros at
 * the rate of the corrected period's first year (USD is never stored, so no layer can show the
 * dollars of the analyzer's reading).
 */

const SUBJECT = "United Nations Office for South-South Cooperation";

describeEachDb("one rule for the value that counts after a correction", (t) => {
  it("shows the same corrected value and USD in the overview, the export, the evidence and the alert", async () => {
    const db = t().db;
    const app = makeApp(db);
    const auth = { authorization: `Bearer ${(await createKey(db)).key}` };
    const common = { organizationId: "undp", kind: "funding" as const, basis: "budget", subject: SUBJECT };
    // The first edition: USD 3 million for 2024-2025.
    const { documentId, versionId: first } = await seedDocument(db, { analysisStatus: "analyzed", fetchedAt: day(1) });
    await seedFact(db, { documentId, versionId: first, ...common, value: 3_000_000, period: "2024-2025" });
    // The second edition, misread as EUR 2 million for 2023.
    const second = await seedVersion(db, documentId, { analysisStatus: "analyzed", fetchedAt: day(2) });
    const misread = { value: 2_000_000, currency: "EUR", period: "2023" };
    const readingUsd = toUsd(misread.value, misread.currency, 2023)!.usd;
    const id = await seedFact(db, { documentId, versionId: second, ...common, ...misread });

    const correct = await app.request(`/api/facts/${id}`, {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ action: "correct", value: 4_000_000, period: "2024-2025", note: "table total" }),
    });
    expect(correct.status).toBe(200);
    const expectedUsd = toUsd(4_000_000, "EUR", 2024)!.usd;
    expect(expectedUsd).not.toBe(readingUsd);

    // The evidence of the fact in the API: the analyzer's reading in its own dollars, the correction in its own.
    const evidence = await (await app.request(`/api/facts/${id}`, { headers: auth })).json();
    expect(evidence).toMatchObject({ value: 2_000_000, currency: "EUR", usd: readingUsd });
    expect(evidence.effective).toMatchObject({
      value: 4_000_000,
      currency: "EUR",
      usd: expectedUsd,
      period: "2024-2025",
    });

    // The overview in the API and as a JSON export: one figure, counted half in 2024.
    const figureOf = (o: { organizations: Array<{ id: string; funding: FundingFigure[] }> }) =>
      o.organizations.find((org) => org.id === "undp")!.funding;
    const api = figureOf(await (await app.request("/api/overview/2024?evidence=full", { headers: auth })).json());
    const exported = figureOf(await (await app.request("/overview/2024.json", { headers: auth })).json());
    for (const funding of [api, exported]) {
      expect(funding).toHaveLength(1);
      expect(funding[0]).toMatchObject({
        value: 4_000_000,
        currency: "EUR",
        usd: expectedUsd,
        period: "2024-2025",
        years: 2,
        usdForYear: Math.round(expectedUsd / 2),
        status: "corrected",
      });
      expect(funding[0].evidence.map((e) => e.factId)).toEqual([id]);
    }

    // The overview page names the corrected figure's USD.
    const page = await (await app.request("/?year=2024", { headers: auth })).text();
    expect(page).toContain(usd(expectedUsd));

    // The alert on the change from the first edition: the two currencies compare in USD.
    const { alerts } = await detectAlerts(db, { versionIds: [second], now: day(3) });
    const changed = alerts.filter((a) => a.metric === "funding:budget");
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      change: "changed",
      newFactId: id,
      oldValue: 3_000_000,
      newValue: expectedUsd,
      unit: "USD",
    });
    expect(changed[0].period).toMatch(/^2024-(20)?25$/);

    // One link to the page the figure was read on: the fact API, the fact's page, a Markdown export, the alert.
    const link = evidence.document.pageUrl;
    expect(link).toMatch(/#page=\d+$/);
    expect(await (await app.request(`/facts/${id}`, { headers: auth })).text()).toContain(`href="${link}"`);
    expect(await (await app.request("/overview/2024.md", { headers: auth })).text()).toContain(`](${link})`);
    expect((changed[0].evidence as { new: { pageUrl: string } }).new.pageUrl).toBe(link);
  });

  it("leaves no stale dollars when a corrected currency has no rate: no USD in overview or evidence", async () => {
    const db = t().db;
    const app = makeApp(db);
    const auth = { authorization: `Bearer ${(await createKey(db)).key}` };
    const { documentId, versionId } = await seedDocument(db, { organizationId: "ilo", analysisStatus: "analyzed" });
    const misread = { value: 2_000_000, currency: "EUR", period: "2024-2025" };
    const id = await seedFact(db, {
      documentId,
      versionId,
      organizationId: "ilo",
      kind: "funding",
      basis: "budget",
      subject: SUBJECT,
      ...misread,
    });
    const noRate = "XOF";
    expect(toUsd(1, noRate, 2024)).toBeNull();
    const correct = await app.request(`/api/facts/${id}`, {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ action: "correct", value: 1_300_000_000, currency: noRate }),
    });
    expect(correct.status).toBe(200);

    const evidence = await (await app.request(`/api/facts/${id}`, { headers: auth })).json();
    expect(evidence.effective).toMatchObject({ value: 1_300_000_000, currency: noRate, usd: null });
    const overview = await (await app.request("/api/overview/2024?evidence=full", { headers: auth })).json();
    const ilo = overview.organizations.find((org: { id: string }) => org.id === "ilo");
    expect(ilo.funding).toMatchObject([{ value: 1_300_000_000, currency: noRate, usd: null, usdForYear: null }]);
  });
});
