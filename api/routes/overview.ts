import { createRoute, z } from "@hono/zod-openapi";
import { exportFilename, renderExport } from "../exports.ts";
import { keptBody } from "../overview-body.ts";
import { readOverview } from "../overview-read.ts";
import { apiRouter } from "../router.ts";
import { errors, parseYear, YEAR_MAX, YEAR_MIN } from "./shared.ts";

const OverviewSchema = z
  .object({
    year: z.number().int(),
    generatedAt: z.string(),
    organizations: z.array(z.record(z.string(), z.unknown())).openapi({
      description:
        "Per organization: funding by basis (USD), posts by grade, units, documents, change; each figure with its evidence",
    }),
    trustFunds: z.array(z.record(z.string(), z.unknown())),
    coverage: z.array(z.record(z.string(), z.unknown())),
    totals: z.record(z.string(), z.unknown()),
    fx: z.record(z.string(), z.unknown()),
    sources: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi("Overview");

const route = createRoute({
  method: "get",
  path: "/api/overview/{year}",
  summary:
    "The annual overview, agency by agency, every figure with its evidence; add .csv to the year for the agency table as CSV",
  request: {
    params: z.object({
      year: z
        .string()
        .regex(/^\d{4}(\.csv)?$/, `must be a year from ${YEAR_MIN} to ${YEAR_MAX}, or that year and .csv`)
        .openapi({ param: { name: "year", in: "path" }, example: "2024" }),
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

export const overviewRoutes = apiRouter().openapi(route, async (c) => {
  const raw = c.req.valid("param").year;
  const year = parseYear(raw.slice(0, 4))!;
  const read = await readOverview(c, year);
  if (read instanceof Response) return read;
  if (!raw.endsWith(".csv")) {
    return keptBody(c, read, "api-json", () => JSON.stringify(read.overview), {
      "content-type": "application/json",
    });
  }
  const csv = await read.rendered("api-csv", () => renderExport(read.overview, "csv"));
  return keptBody(c, read, "api-csv-bytes", () => csv.body as string, {
    "content-type": csv.contentType,
    "content-disposition": `attachment; filename="${exportFilename(year, "csv")}"`,
  });
});
