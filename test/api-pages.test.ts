import { beforeAll, expect, it } from "vitest";
import { upsertSources, markSourceFinished } from "../db/queries/sources.ts";
import { describeEachDb } from "./db-harness.ts";
import { createUser, makeApp, postForm, seedEvidence, signIn } from "./api-fixtures.ts";

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));

describeEachDb("pages", (t) => {
  let app: ReturnType<typeof makeApp>;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;
  let signedIn: { cookie: string; csrf: string };
  const page = async (path: string, cookie?: string) => {
    const res = await app.request(path, { headers: cookie ? { cookie } : {} });
    return { status: res.status, html: await res.text(), type: res.headers.get("content-type") };
  };

  beforeAll(async () => {
    app = makeApp(t().db);
    seeded = await seedEvidence(t().db, { year: 2024 });
    await seedEvidence(t().db, { year: 2023 });
    signedIn = await signIn(app, await createUser(t().db, "amina"));
    await upsertSources(t().db, [
      { id: "jiu-reports", kind: "site", organizationId: "jiu", enabled: true, schedule: "0 4 * * 2", config: {} },
    ]);
    await markSourceFinished(t().db, {
      sourceId: "jiu-reports",
      ok: false,
      error: "HTTP 503 from www.unjiu.org after 3 tries",
    });
  });

  it(
    "the overview is a complete HTML page with the " + "agency table, a year selector, the chart and the exports",
    async () => {
      const { status, html } = await page("/?year=2024");
      expect(status).toBe(200);
      expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
      expect(html).toMatch(/<table id="agency-table">[\s\S]*UNDP[\s\S]*3,500,000[\s\S]*<\/table>/);
      expect(html).toMatch(
        new RegExp(
          String.raw`<select id="year-select" name="year">[\s\S]*<option value="2024" ` +
            String.raw`selected="">2024<\/option>[\s\S]*<option value="2023">`,
        ),
      );
      expect(html).toMatch(/<svg[^>]*role="img"/);
      expect(html).toContain("SSTC trust funds and facilities");
      expect(html).toContain('id="coverage"');
      for (const f of ["json", "csv", "md", "html", "xlsx", "pdf"])
        expect(hrefs(html)).toContain(`/overview/2024.${f}`);
      expect(html).not.toMatch(/<script/);
    },
  );

  it("a number in the table opens its evidence: quote marked in its passage, page, link at that page", async () => {
    const { html } = await page("/?year=2024");
    const cell = /<td class="num figure" data-basis="allocation"><a href="([^"]+)"/.exec(html)![1];
    expect(cell).toBe(`/facts/${seeded.fundingId}`);
    const evidence = await page(cell);
    expect(evidence.html).toContain("<mark>$3.5 million</mark>");
    expect(evidence.html).toContain("The Special Unit for South-South Cooperation receives an allocation of");
    expect(hrefs(evidence.html).some((h) => /\.pdf#page=2$/.test(h))).toBe(true);
    expect(evidence.html).toContain("page 2");
  });

  it(
    "the organization page shows every fact of the year " + "with its evidence, and review forms only to analysts",
    async () => {
      const anonymous = await page("/organizations/undp?year=2024");
      expect(anonymous.html).toContain("<mark>$3.5 million</mark>");
      expect(anonymous.html).toContain("<mark>two P-3 posts</mark>");
      expect(anonymous.html).not.toContain('action="/facts/');
      expect(anonymous.html).toContain("to confirm, correct or reject this fact");
      const analyst = await page("/organizations/undp?year=2024", signedIn.cookie);
      expect(analyst.html).toContain(`action="/facts/${seeded.fundingId}/review"`);
      expect(analyst.html).toContain(`name="csrf" value="${signedIn.csrf}"`);
      for (const action of ["confirm", "reject", "correct"])
        expect(analyst.html).toContain(`name="action" value="${action}"`);
      expect((await page("/organizations/nosuch")).status).toBe(404);
    },
  );

  it("a total of several facts opens the list of its evidence", async () => {
    const { html } = await page(`/evidence?facts=${seeded.fundingId},${seeded.staffingId}`);
    expect(html).toContain("Evidence for 2 facts");
    expect(html).toContain(`id="fact-${seeded.fundingId}"`);
    expect(html).toContain(`id="fact-${seeded.staffingId}"`);
  });

  it("the subscription form offers every organization by acronym and name, and says what to fix", async () => {
    const form = await page("/alerts/subscribe", signedIn.cookie);
    const menu = /<select name="organization">([\s\S]*?)<\/select>/.exec(form.html)?.[1] ?? "";
    expect(menu).toMatch(/^<option value="">all organizations<\/option>/);
    expect(menu).toContain('<option value="undp">UNDP: United Nations Development Programme</option>');
    expect(menu).not.toContain("selected");
    const refusals: Array<[Record<string, string>, string]> = [
      [{ channel: "webhook", target: "ftp://hooks.example.org/x" }, "Webhook target refused: "],
      [{ channel: "email", target: "not-an-address" }, "&quot;not-an-address&quot; is not an e-mail address"],
    ];
    for (const [fields, message] of refusals) {
      const headers = { cookie: signedIn.cookie, accept: "text/html" };
      const refused = await postForm(app, "/alerts/subscribe", { csrf: signedIn.csrf, ...fields }, headers);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(message);
    }
  });

  it("documents: list with filters, and one document with versions and facts", async () => {
    const list = await page("/documents?organization=undp&type=budget");
    expect(list.html).toContain("UNDP integrated budget 2024");
    // The filter menus keep their names, their "all" choice and the chosen values.
    const unchosen = String.raw`(?:<option value="[^"]+">[^<]*</option>)*`;
    expect(list.html).toMatch(
      new RegExp(
        `<select name="organization"><option value="">all</option>${unchosen}<option value="undp" selected="">UNDP<`,
      ),
    );
    expect(list.html).toMatch(/<select name="type"><option value="">all<\/option><option value="budget" selected="">/);
    expect(hrefs(list.html)).toContain(`/documents/${seeded.documentId}`);
    const one = await page(`/documents/${seeded.documentId}`);
    expect(one.html).toContain("Versions");
    expect(hrefs(one.html)).toContain(`/facts/${seeded.fundingId}`);
    const unknown = await page("/documents/999999");
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain("No document with id 999999.");
  });

  it("sources shows status, last run, last success and last error", async () => {
    const { html } = await page("/sources");
    expect(html).toContain("jiu-reports");
    expect(html).toContain("HTTP 503 from www.unjiu.org after 3 tries");
    expect(html).toContain("status-failed");
  });

  it("exports download from the page's links", async () => {
    const res = await app.request("/overview/2024.json");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="ssc-overview-2024.json"');
    const body = await res.json();
    expect(body.organizations.find((o: { id: string }) => o.id === "undp").fundingByBasis[0].usdForYear).toBe(
      3_500_000,
    );
    expect((await app.request("/overview/2024.docx")).status).toBe(404);
  });

  it("an unknown page is a readable 404 page with the navigation", async () => {
    const res = await page("/no/such/page");
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/text\/html/);
    expect(res.html).toContain('href="/alerts"');
  });
});
