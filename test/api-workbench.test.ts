import { beforeAll, expect, it } from "vitest";
import { passages } from "../db/schema/passages.ts";
import { describeEachDb } from "./db-harness.ts";
import { createUser, makeApp, seedEvidence, signIn } from "./api-fixtures.ts";
import { seedFact, seedVersion } from "./seed-facts.ts";

const html = { accept: "text/html" };
const FRENCH =
  "Le Bureau des Nations Unies pour la coopération Sud-Sud reçoit des allocations de 2 millions de dollars pour 2024.";

/** Search, the review queue and edition comparison over HTTP, on PGlite and on the PostgreSQL server. */
describeEachDb("workbench pages", (t) => {
  let app: ReturnType<typeof makeApp>;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;
  let smallId: number;
  beforeAll(async () => {
    app = makeApp(t().db);
    seeded = await seedEvidence(t().db, { year: 2024 });
    // A second edition of the same budget: the allocation rises to $4 million, a sentence is added.
    const next = await seedVersion(t().db, seeded.documentId, {
      pages: ["Cover page", "The Special Unit receives an allocation of $4 million for 2024. A new sentence."],
      analysisStatus: "analyzed",
      fetchedAt: new Date(Date.now() + 60_000),
    });
    await t()
      .db.insert(passages)
      .values({ versionId: next, pageNo: 2, start: 0, end: 80, text: FRENCH, language: "fr", relevant: true });
    await seedFact(t().db, {
      documentId: seeded.documentId,
      versionId: next,
      kind: "funding",
      value: 4_000_000,
      basis: "allocation",
      period: "2024",
      subject: "Special Unit for South-South Cooperation",
      quote: "$4 million",
      confidence: 0.95,
    });
    const other = await seedEvidence(t().db, { year: 2024, organizationId: "ilo", title: "ILO budget" });
    smallId = await seedFact(t().db, {
      documentId: other.documentId,
      versionId: other.versionId,
      organizationId: "ilo",
      kind: "funding",
      value: 50_000,
      period: "2024",
      quote: "$50,000",
      confidence: 0.4,
    });
  });

  it(
    "finds passages by stemmed words in their language " + "and by words as written, with the hit in its page",
    async () => {
      const page = await (await app.request("/search?q=allocation", { headers: html })).text();
      expect(page).toContain("<mark>allocations</mark>");
      const sudSud = await (await app.request("/search?q=Sud-Sud", { headers: html })).text();
      const link = /href="(\/documents\/\d+\/passages\/\d+\?q=Sud-Sud#hit)"/.exec(sudSud)?.[1];
      expect(link).toBeDefined();
      const inPage = await (await app.request(link!.replaceAll("&amp;", "&"), { headers: html })).text();
      expect(inPage).toContain('<span id="hit" class="hit">');
      expect(inPage).toContain("<mark>Sud</mark>-<mark>Sud</mark>");
      const none = await (await app.request("/search?q=zzzqqq", { headers: html })).text();
      expect(none).toContain("No passage contains");
    },
  );

  it("lists unreviewed facts with the largest share of the totals first and filters by confidence", async () => {
    const page = await (await app.request("/review?kind=funding", { headers: html })).text();
    const order = [...page.matchAll(/data-fact="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order.at(-1)).toBe(smallId);
    // Only the current edition's facts: the first edition's reading of the budget is history.
    expect(order).not.toContain(seeded.fundingId);
    expect(order).toHaveLength(3);
    const low = await (await app.request("/review?confidence=low", { headers: html })).text();
    expect([...low.matchAll(/data-fact="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([smallId]);
    expect((await app.request("/review?organization=nope", { headers: html })).status).toBe(404);
    expect((await app.request("/review?year=abc", { headers: html })).status).toBe(400);
  });

  it("compares two editions: the fact that changed and the sentences added and removed", async () => {
    const page = await (await app.request(`/documents/${seeded.documentId}/compare`, { headers: html })).text();
    expect(page).toMatch(/<strong>changed<\/strong>[\s\S]*USD 3,500,000[\s\S]*USD 4,000,000/);
    expect(page).toContain("<ins>A new sentence.</ins>");
    expect(page).toContain("<del>The unit has two P-3 posts.</del>");
  });
});

describeEachDb("first run", (t) => {
  it("tells what to do on an empty database, and lets a signed-in analyst start the crawl", async () => {
    const app = makeApp(t().db);
    const anonymous = await (await app.request("/", { headers: html })).text();
    expect(anonymous).toContain("Nothing has been collected yet");
    expect(anonymous).toContain("npx ssc-monitor crawl");
    const session = await signIn(app, await createUser(t().db));
    const signedIn = await (await app.request("/", { headers: { ...html, cookie: session.cookie } })).text();
    expect(signedIn).toContain('<form method="post" action="/crawl"');
    expect(signedIn).toContain("Start the first crawl");
  });
});
