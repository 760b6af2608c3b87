import { load } from "cheerio";
import ExcelJS from "exceljs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderAtomFeed } from "../alerts/atom.ts";
import { detectAlerts } from "../alerts/detect.ts";
import { runOutbox } from "../alerts/outbox.ts";
import { alertText, alertTitle, evidenceOf } from "../alerts/render.ts";
import { buildOverview } from "../analysis/overview.ts";
import type { OverviewDocumentInput, OverviewFactInput } from "../analysis/overview-types.ts";
import type { AlertRow } from "../db/queries/alerts.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { csvField, escapeMarkdown } from "../exports/escape.ts";
import { renderOverview } from "../exports/index.ts";
import { money, seedBeforeAfter } from "./alerts-seed.ts";
import { describeEachDb } from "./db-harness.ts";
import { UNCORRECTED } from "./fact-fixtures.ts";
import { useSmtpInbox } from "./smtp-inbox.ts";

/**
 * Issue 13 item 4: what came from a document stays text in every export. The two hostile
 * strings: a title that runs script in any HTML or Markdown viewer that passes it through, and
 * a cell that runs a formula in a spreadsheet.
 */

const TITLE = `<script>alert("title")</script>"><img src=x onerror=alert(1)>`;
const FORMULA = `=HYPERLINK("http://evil.example","x")`;

const doc = (id: number, title: string, url = `https://example.org/${id}.pdf`): OverviewDocumentInput => ({
  id,
  title,
  url,
  organizationId: "unctad",
  sourceId: null,
  type: "budget",
  symbol: null,
  status: "active",
  latestVersionId: id,
  passages: 10,
  relevantPassages: 2,
});
const hostileDoc = doc(1, TITLE);
const scriptLinkDoc = doc(2, "Report with a script link", "javascript:alert(document.cookie)");
const fact = (id: number, d: OverviewDocumentInput, over: Partial<OverviewFactInput>): OverviewFactInput => ({
  id,
  documentId: d.id,
  versionId: d.id,
  organizationId: "unctad",
  kind: "funding",
  value: 3_500_000,
  currency: "USD",
  basis: "budget",
  count: null,
  grade: null,
  period: "2024",
  periodStart: 2024,
  periodEnd: 2024,
  subject: TITLE,
  quote: FORMULA,
  confidence: 0.95,
  status: "auto",
  ...UNCORRECTED,
  evidence: null,
  page: 3,
  ...over,
});

const OVERVIEW = buildOverview({
  year: 2024,
  now: new Date("2026-11-29T08:00:00Z"),
  organizations: [
    {
      id: "unctad",
      name: "United Nations Conference on Trade and Development",
      acronym: "UNCTAD",
      kind: "secretariat",
    },
  ],
  documents: [hostileDoc, scriptLinkDoc],
  facts: [
    fact(201, hostileDoc, {}),
    fact(202, scriptLinkDoc, { quote: `${TITLE} \u0000 control`, basis: "expenditure" }),
    fact(203, hostileDoc, { kind: "staffing", count: 2, grade: FORMULA, value: null, currency: null }),
  ],
  passages: [{ id: 1, documentId: 1, versionId: 1, page: 3, text: `South-South cooperation ${TITLE}`, score: 3 }],
});

const render = async (format: "csv" | "md" | "html" | "xlsx") => renderOverview(OVERVIEW, format);

/** The elements and links a browser would act on. */
function liveParts(html: string) {
  const $ = load(html);
  return {
    scripts: $("script").length,
    images: $("img").length,
    handlers: $("*").filter((_, el) =>
      Object.keys((el as { attribs?: object }).attribs ?? {}).some((a) => a.startsWith("on")),
    ).length,
    scriptLinks: $("a[href]").filter((_, el) => /^\s*javascript:/i.test($(el).attr("href") ?? "")).length,
    text: $("body").text(),
  };
}

/** RFC 4180 rows (quoted fields with doubled quotes and line breaks). */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted && c === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== "," && c !== "\r")) field += c;
    else if (c === ",") endField();
    else {
      endField();
      rows.push(row);
      row = [];
      i++; // the \n of \r\n
    }
  }
  return rows;
}

describe("every export keeps a document's text as text", () => {
  it("HTML: the hostile title is shown, not run; a javascript: link is not linked", async () => {
    const html = (await render("html")) as string;
    expect(liveParts(html)).toMatchObject({ scripts: 0, images: 0, handlers: 0, scriptLinks: 0 });
    expect(liveParts(html).text).toContain(TITLE);
    expect(liveParts(html).text).toContain(FORMULA);
  });

  it("Markdown: the hostile title renders as text (HTML escaped, no link, no image)", async () => {
    const md = (await render("md")) as string;
    expect(md).not.toMatch(/<script|<img/);
    expect(md).not.toContain("](javascript:");
    expect(md).toContain('&lt;script&gt;alert("title")&lt;/script&gt;"&gt;&lt;img src=x onerror=alert(1)&gt;');
    // A table row keeps its columns whatever the text holds.
    expect(escapeMarkdown("a | b\n[c](d)")).toBe("a \\| b \\[c\\](d)");
  });

  it("CSV: a cell a spreadsheet would run as a formula starts with an apostrophe; numbers stay numbers", async () => {
    const rows = parseCsv((await render("csv")) as string);
    const posts = rows.find((r) => r[3] === "posts");
    expect(posts?.[4]).toBe(`'${FORMULA}`);
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvField(`${start}1+1`)).toMatch(/^"?'/);
    expect(csvField(-5000)).toBe("-5000");
    expect(csvField("P-3")).toBe("P-3");
  });

  it("XLSX: the formula and the title are text cells holding exactly the document's words", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((await render("xlsx")) as Uint8Array) as unknown as ExcelJS.Buffer);
    const cells: ExcelJS.Cell[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(cell))));
    const formulaCells = cells.filter((c) => String(c.value).includes("HYPERLINK"));
    expect(formulaCells.length).toBeGreaterThan(0);
    for (const c of formulaCells) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.formula).toBeUndefined();
    }
    expect(cells.some((c) => c.value === FORMULA)).toBe(true);
    expect(cells.some((c) => c.value === TITLE)).toBe(true);
    // A NUL from a PDF would make the file unreadable: it is dropped.
    expect(cells.some((c) => c.value === `${TITLE}  control`)).toBe(true);
  });
});

const alertRow = (over: Partial<AlertRow> = {}): AlertRow => ({
  id: 7,
  fingerprint: "abc",
  organizationId: "undp",
  subject: TITLE,
  metric: "funding:budget",
  change: "changed",
  period: "2024",
  oldValue: 1_000_000,
  newValue: 2_000_000,
  absChange: 1_000_000,
  relChange: 1,
  unit: "USD",
  oldFactId: null,
  newFactId: null,
  evidence: {
    old: null,
    new: {
      documentId: 1,
      versionId: 1,
      factId: 1,
      title: TITLE,
      symbol: null,
      url: "javascript:alert(1)",
      pageUrl: "javascript:alert(1)",
      page: 2,
      quote: FORMULA,
    },
  },
  createdAt: new Date("2026-11-29T08:00:00Z"),
  acknowledgedBy: null,
  acknowledgedAt: null,
  ...over,
});

describe("Atom", () => {
  it("keeps the hostile subject as the entry's text and its HTML content inert", () => {
    const feed = renderAtomFeed([alertRow()], {
      selfUrl: "https://ssc.example.org/alerts.atom",
      pageUrl: "https://ssc.example.org/alerts",
      now: new Date("2026-11-29T08:00:00Z"),
    });
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(feed);
    const entry = parsed.feed.entry;
    expect(entry.title["#text"]).toContain(TITLE);
    const content = liveParts(entry.content["#text"]);
    expect(content).toMatchObject({ scripts: 0, images: 0, handlers: 0, scriptLinks: 0 });
    expect(content.text).toContain(TITLE);
    expect(content.text).toContain(FORMULA);
  });

  it("gives a feed reader each entry's fields, with &, quotes, ]]> and controls in them kept as text", () => {
    const hostile = `${TITLE} R&D &amp; 'q' ]]> ]]><x/>\u0001end`;
    const pageUrl = "https://docs.example.org/a.pdf?x=1&y=2#page=2";
    const row = alertRow({
      subject: hostile,
      evidence: { old: null, new: { ...evidenceOf(alertRow()).new!, title: hostile, pageUrl, quote: hostile } },
    });
    const orgs = new Map([["undp", `UNDP & "friends" <x>`]]);
    const feed = renderAtomFeed([row], {
      selfUrl: "https://ssc.example.org/alerts.atom?a=1&b=2",
      pageUrl: "https://ssc.example.org/alerts",
      now: new Date("2026-12-01T00:00:00Z"),
      orgs,
    });
    expect(XMLValidator.validate(feed)).toBe(true);
    expect(feed).not.toContain("\u0001"); // XML 1.0 forbids it: readers would refuse the whole feed
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (n) => n === "link" });
    const { feed: parsed } = parser.parse(feed);
    const link = (links: Record<string, string>[], rel: string) => links.find((l) => l["@rel"] === rel);
    expect(link(parsed.link, "self")).toMatchObject({
      "@href": "https://ssc.example.org/alerts.atom?a=1&b=2",
      "@type": "application/atom+xml",
    });
    expect(link(parsed.link, "alternate")?.["@href"]).toBe("https://ssc.example.org/alerts");
    expect(parsed.author.name).toBe("ssc-monitor");
    expect(parsed.updated).toBe("2026-11-29T08:00:00.000Z");

    const entry = parsed.entry;
    const text = hostile.replace("\u0001", "");
    expect(entry.id).toBe("tag:ssc-monitor,2026:alert/abc");
    expect(entry.title).toEqual({ "#text": alertTitle(row, orgs).replace("\u0001", ""), "@type": "text" });
    expect(entry.title["#text"]).toContain(text);
    expect(entry.updated).toBe("2026-11-29T08:00:00.000Z");
    expect(entry.published).toBe("2026-11-29T08:00:00.000Z");
    expect(link(entry.link, "alternate")).toMatchObject({
      "@href": "https://ssc.example.org/alerts#alert-7",
      "@type": "text/html",
    });
    expect(entry.author.name).toBe(`UNDP & "friends" <x>`);
    expect(entry.category).toMatchObject({ "@term": "funding:budget", "@label": "changed" });
    expect(entry.summary["@type"]).toBe("text");
    expect(entry.summary["#text"]).toBe(alertText(row, orgs).replaceAll("\u0001", ""));
    expect(entry.content["@type"]).toBe("html");
    const html = load(entry.content["#text"]);
    expect(liveParts(entry.content["#text"])).toMatchObject({ scripts: 0, images: 0, handlers: 0, scriptLinks: 0 });
    expect(html("x").length).toBe(0);
    expect(html("h3").text()).toContain(text);
    expect(html("blockquote").text()).toBe(text);
    expect(html("a").attr("href")).toBe(pageUrl);
  });
});

/** A real SMTP server on 127.0.0.1, started for these tests, keeping every message it accepts. */
const smtp = useSmtpInbox();

describeEachDb("e-mail", (t, kind) => {
  it(
    "escapes the hostile subject in the HTML part, keeps it " +
      "plain in the text part, and lets no line into the headers",
    async () => {
      const db = t().db;
      const to = `escaping-${kind}@example.org`;
      const subject = `${TITLE}\r\nBcc: everyone@evil.example \u202Eevil`;
      await createSubscription(db, { name: "all", channel: "email", target: to, metric: "funding" });
      const cur = await seedBeforeAfter(db, {
        keys: [`ESC/${kind}/1`, `ESC/${kind}/2`],
        before: [money(2_000_000, { subject, quote: FORMULA })],
        after: [money(3_000_000, { subject, quote: FORMULA })],
      });
      const now = new Date("2026-11-29T08:00:00Z");
      await detectAlerts(db, { versionIds: [cur.versionId], now });
      await runOutbox(
        db,
        { smtpUrl: smtp.url, mailFrom: "alerts@ssc-monitor.test", publicUrl: "https://ssc.example.org" },
        { now },
      );
      const mail = smtp.inbox.find((m) => m.to.includes(to));
      expect(mail).toBeDefined();
      const [headers] = mail!.raw.split(/\r\n\r\n/);
      expect(headers).not.toMatch(/^Bcc:/im);
      expect(mail!.raw).not.toContain("everyone@evil.example\r\n");
      const [, html] = mail!.decoded.split(/Content-Type: text\/html[^\r\n]*\r\n/);
      expect(liveParts(html)).toMatchObject({ scripts: 0, images: 0, handlers: 0 });
      expect(liveParts(html).text).toContain(TITLE);
      const text = mail!.decoded.split(/Content-Type: text\/plain[^\r\n]*\r\n/)[1].split(/Content-Type: text\/html/)[0];
      expect(text).toContain(TITLE);
      expect(text).toContain(`"${FORMULA}"`);
      // Text that reads backwards (a bidi override) is dropped from the subject and the text part.
      expect(text).not.toContain("\u202E");
      expect(headers).not.toMatch(/\u202E|=E2=80=AE|4oCu/);
    },
  );
});
