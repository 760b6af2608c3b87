import { Hono } from "hono";
import { raw } from "hono/html";
import type { AppEnv } from "../env.ts";
import { evidenceFor, factsWithDocuments, factYears, latestReportedYear } from "../../db/queries/fact-evidence.ts";
import { fundingChart } from "../../exports/chart.ts";
import { AppError } from "../../errors.ts";
import { EXPORT_FORMATS, exportFilename, renderExport, type ExportFormat } from "../exports.ts";
import { readOverview } from "../overview-read.ts";
import { EvidencePage } from "../views/evidence-page.tsx";
import { renderPage } from "../views/layout.tsx";
import { MethodologyPage, OverviewPage } from "../views/overview-page.tsx";
import { MAX_ID, parseYear } from "./shared.ts";

const MAX_EVIDENCE = 200;

export const overviewPageRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const db = c.get("db");
    const now = new Date();
    const asked = parseYear(c.req.query("year"));
    const kept = c.get("overviews");
    // The years of the picker come from the same data as the overview (one tag): read while it is built.
    const yearList = kept.derived(db, "fact-years", () => factYears(db));
    // Awaited below unless the page fails first (a lost database, a 304): then its failure is not news.
    yearList.catch(() => undefined);
    const latest = () => kept.derived(db, `latest-year|${now.getUTCFullYear()}`, () => latestReportedYear(db, now));
    const year = asked ?? (await latest()) ?? now.getUTCFullYear() - 1;
    const csrf = c.get("session")?.csrf;
    // The page shows who is signed in: a session's page is not another's.
    c.header("vary", "cookie");
    const variant = `page|${csrf ?? ""}`;
    const read = await readOverview(c, year, variant);
    if (read instanceof Response) return read;
    const years = await yearList;
    const o = read.overview;
    const firstRun = o.coverage.every((r) => r.documents === 0);
    // The years in the key too: read beside the overview, they may come from a newer data version.
    const html = await read.rendered(`${variant}|${years.join(",")}`, async () =>
      raw(await OverviewPage({ o, years, chartSvg: fundingChart(o), firstRun, csrf }).toString()),
    );
    return renderPage(c, `Overview ${o.year}`, html);
  })
  .get("/methodology", async (c) => {
    const now = new Date();
    const year = parseYear(c.req.query("year")) ?? (await latestReportedYear(c.get("db"), now)) ?? now.getUTCFullYear();
    const read = await readOverview(c, year, `methodology|${c.get("session")?.csrf ?? ""}`);
    if (read instanceof Response) return read;
    return renderPage(c, "Methodology and glossary", MethodologyPage({ o: read.overview }));
  })
  .get("/overview/:file", async (c) => {
    const m = /^([^.]*)\.([a-z]+)$/.exec(c.req.param("file"));
    if (!m || !EXPORT_FORMATS.includes(m[2] as ExportFormat)) {
      throw new AppError(
        "not_found",
        `No export "${c.req.param("file")}": use /overview/YEAR.FORMAT with one of ${EXPORT_FORMATS.join(", ")}`,
      );
    }
    // A bad year is the reader's mistake (400 with the range), not an unknown export.
    const year = { data: parseYear(m[1] || "(none)")! };
    const format = m[2] as ExportFormat;
    const config = c.get("config");
    const read = await readOverview(c, year.data);
    if (read instanceof Response) return read;
    const { body, contentType } = await read.rendered(`export-${format}`, () =>
      renderExport(read.overview, format, { publicUrl: config.publicUrl, chromiumPath: config.chromiumPath }),
    );
    const disposition = format === "html" ? "inline" : "attachment";
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      "content-type": contentType,
      "content-disposition": `${disposition}; filename="${exportFilename(year.data, format)}"`,
    });
  })
  .get("/evidence", async (c) => {
    const ids = (c.req.query("facts") ?? "")
      .split(",")
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0 && n <= MAX_ID)
      .slice(0, MAX_EVIDENCE);
    if (!ids.length) throw new AppError("not_found", "No facts were named: open evidence from a number in a table");
    const db = c.get("db");
    const rows = await factsWithDocuments(db, ids);
    const { passageOf, reviewsOf } = await evidenceFor(
      db,
      rows.map((r) => r.fact),
    );
    const facts = rows.map((r) => ({ ...r, passage: passageOf(r.fact), reviews: reviewsOf(r.fact) }));
    const back = `/evidence?facts=${ids.join(",")}`;
    return renderPage(c, "Evidence", EvidencePage({ facts, csrf: c.get("session")?.csrf, back }));
  });
