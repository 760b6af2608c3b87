import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../errors.ts";
import { exportFilename, renderExport } from "../exports.ts";
import { cellEvidence } from "../overview-cells.ts";
import { keptBody } from "../overview-body.ts";
import { readOverview } from "../overview-read.ts";
import { overviewTable } from "../overview-table.ts";
import { apiRouter } from "../router.ts";
import { errors, OrganizationId, parseYear, YEAR_MAX, YEAR_MIN, YearValue } from "./shared.ts";

const CellLinkSchema = z
  .object({
    count: z.number().int().openapi({ description: "Pieces of evidence behind the cell" }),
    href: z.string().openapi({ example: "/api/overview/2024/evidence?organization=undp&metric=funding%3Aallocation" }),
  })
  .openapi("CellLink");

const OrganizationTableSchema = z
  .object({
    id: z.string().openapi({ example: "undp" }),
    acronym: z.string(),
    fundingByBasis: z.array(
      z.object({ basis: z.string(), usdForYear: z.number(), evidence: CellLinkSchema }).passthrough(),
    ),
    posts: z.array(z.object({ grade: z.string(), count: z.number().int(), evidence: CellLinkSchema }).passthrough()),
  })
  .passthrough()
  .openapi("OverviewOrganization");

const OverviewSchema = z
  .object({
    year: z.number().int(),
    generatedAt: z.string(),
    organizations: z.array(OrganizationTableSchema).openapi({
      description:
        "Per organization: funding by basis (USD), posts by grade, units, pending, documents, change, trend; " +
        "each cell with `evidence: {count, href}` (the link answers its quotes, pages and links). " +
        "With ?evidence=full: every figure (funding, staffing) with its evidence inline",
    }),
    trustFunds: z.array(z.record(z.string(), z.unknown())),
    coverage: z.array(z.record(z.string(), z.unknown())),
    totals: z.record(z.string(), z.unknown()),
    fx: z.record(z.string(), z.unknown()),
    sources: z.unknown().openapi({
      description: "With ?evidence=full: every document cited; else their count and the full answer's link",
    }),
  })
  .openapi("Overview");

const route = createRoute({
  method: "get",
  path: "/api/overview/{year}",
  summary:
    "The annual overview, agency by agency: each cell's value, its count of evidence and the link to it; " +
    "?evidence=full lists every figure with its evidence inline; add .csv to the year for the agency table as CSV",
  request: {
    params: z.object({
      year: z
        .string()
        .regex(/^\d{4}(\.csv)?$/, `must be a year from ${YEAR_MIN} to ${YEAR_MAX}, or that year and .csv`)
        .openapi({ param: { name: "year", in: "path" }, example: "2024" }),
    }),
    query: z.object({
      evidence: z.enum(["full"]).optional().openapi({
        description: "full: every figure with all its evidence inline (tens of megabytes at a million facts)",
      }),
    }),
  },
  responses: {
    200: {
      description: "The overview (JSON), or the agency table (CSV) for /api/overview/{year}.csv",
      content: { "application/json": { schema: OverviewSchema }, "text/csv": { schema: z.string() } },
    },
    304: { description: "Not modified: the data has not changed since the ETag sent in If-None-Match" },
    ...errors(400, 401),
  },
});

const EvidenceSchema = z
  .object({
    year: z.number().int(),
    organization: z.string().nullable(),
    metric: z.string(),
    count: z.number().int(),
    evidence: z.array(z.record(z.string(), z.unknown())).openapi({
      description: "Each piece: fact, document, title, url, page, quote, status, confidence, location",
    }),
    figures: z.array(z.record(z.string(), z.unknown())).optional().openapi({
      description:
        "The figures that make the cell, each with its explanation and evidence, as ?evidence=full lists them",
    }),
  })
  .openapi("CellEvidence");

const METRIC = /^(funding|posts|unit|trust-fund):.{1,300}$|^(unconverted|pending)$/;

const evidenceRoute = createRoute({
  method: "get",
  path: "/api/overview/{year}/evidence",
  summary: "The evidence of one cell of the overview: the quotes, pages and links behind its number",
  request: {
    params: z.object({ year: YearValue.openapi({ param: { name: "year", in: "path" }, example: 2024 }) }),
    query: z.object({
      organization: OrganizationId.optional().openapi({
        description: "The organization whose cell it is; without it, a system-wide cell",
        example: "undp",
      }),
      metric: z
        .string()
        .regex(METRIC, "a cell such as funding:allocation, posts:P-4, unit:NAME, unconverted, pending, trust-fund:NAME")
        .openapi({
          description:
            "With an organization: funding:<basis>, posts:<grade>, unit:<name>, unconverted, pending; " +
            "without: funding:<basis> (system-wide total), trust-fund:<fund>",
          example: "funding:allocation",
        }),
    }),
  },
  responses: {
    200: { description: "The cell's evidence", content: { "application/json": { schema: EvidenceSchema } } },
    304: { description: "Not modified: the data has not changed since the ETag sent in If-None-Match" },
    ...errors(400, 401, 404),
  },
});

export const overviewRoutes = apiRouter()
  .openapi(route, async (c) => {
    const raw = c.req.valid("param").year;
    const year = parseYear(raw.slice(0, 4))!;
    const full = c.req.valid("query").evidence === "full";
    // Two answers of one year: each its own tag, so one's tag never stands for the other.
    const read = await readOverview(c, year, full && !raw.endsWith(".csv") ? "evidence=full" : "");
    if (read instanceof Response) return read;
    if (!raw.endsWith(".csv")) {
      const json = full ? () => JSON.stringify(read.overview) : () => JSON.stringify(overviewTable(read.overview));
      return keptBody(c, read, full ? "api-json" : "api-table", json, { "content-type": "application/json" });
    }
    const csv = await read.rendered("api-csv", () => renderExport(read.overview, "csv"));
    return keptBody(c, read, "api-csv-bytes", () => csv.body as string, {
      "content-type": csv.contentType,
      "content-disposition": `attachment; filename="${exportFilename(year, "csv")}"`,
    });
  })
  .openapi(evidenceRoute, async (c) => {
    const { year } = c.req.valid("param");
    const { organization, metric } = c.req.valid("query");
    const read = await readOverview(c, year, `cell|${organization ?? ""}|${metric}`);
    if (read instanceof Response) return read;
    const cell = cellEvidence(read.overview, organization ?? null, metric);
    if ("missing" in cell) throw new AppError("not_found", cell.message);
    return c.json(cell, 200);
  });
