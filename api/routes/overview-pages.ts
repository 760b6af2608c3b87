import { Hono } from "hono";
import { z } from "zod";
import { evidenceFor, factsWithDocuments, factYears } from "../../db/queries/api-evidence.ts";
import { loadOverview } from "../../db/queries/overview.ts";
import { fundingChart } from "../../exports/chart.ts";
import { AppError } from "../../errors.ts";
import { EXPORT_FORMATS, exportFilename, renderExport, type ExportFormat } from "../exports.ts";
import type { PageEnv } from "../middleware/page-env.ts";
import { EvidencePage } from "../views/evidence-page.tsx";
import { renderPage } from "../views/layout.tsx";
import { OverviewPage } from "../views/overview-page.tsx";
import { MAX_ID } from "./shared.ts";

const Year = z.coerce.number().int().min(1945).max(2100);
const MAX_EVIDENCE = 200;

/** The year shown when none is asked: the newest year with facts up to this one, else last year. */
function defaultYear(years: number[], now: Date): number {
  const thisYear = now.getUTCFullYear();
  return years.find((y) => y <= thisYear) ?? years[0] ?? thisYear - 1;
}

export const overviewPageRoutes = new Hono<PageEnv>()
  .get("/", async (c) => {
    const db = c.get("db");
    const now = new Date();
    const years = await factYears(db);
    const asked = Year.safeParse(c.req.query("year"));
    const o = await loadOverview(db, asked.success ? asked.data : defaultYear(years, now), now, {
      reviewThreshold: c.get("config").reviewThreshold,
    });
    return renderPage(c, `Overview ${o.year}`, OverviewPage({ o, years, chartSvg: fundingChart(o) }));
  })
  .get("/overview/:file", async (c) => {
    const m = /^(\d{4})\.([a-z]+)$/.exec(c.req.param("file"));
    const year = Year.safeParse(m?.[1]);
    if (!m || !year.success || !EXPORT_FORMATS.includes(m[2] as ExportFormat)) {
      throw new AppError(
        "not_found",
        `No export "${c.req.param("file")}": use /overview/YEAR.FORMAT with one of ${EXPORT_FORMATS.join(", ")}`,
      );
    }
    const format = m[2] as ExportFormat;
    const config = c.get("config");
    const { body, contentType } = await renderExport(
      await loadOverview(c.get("db"), year.data, new Date(), { reviewThreshold: config.reviewThreshold }),
      format,
      {
        publicUrl: config.publicUrl,
        chromiumPath: config.chromiumPath,
      },
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
