import { z } from "@hono/zod-openapi";
import { AppError } from "../../errors.ts";

/**
 * Pieces every list route shares: limit/offset pagination with its meta block, numeric ids,
 * the error body written by api/errors.ts, and ISO dates.
 *
 * Answer schemas list their fields by hand and take enum choices from the tables (`table.column.enumValues`).
 * drizzle-zod 0.8.3 (tried, issue 12) works with these versions but gives every integer column int32 bounds
 * (counts "≥ -2147483648" in the document), timestamps as dates and jsonb as any JSON, where answers send ISO
 * strings and typed lists, and publishes every new column unless omitted: overriding that costs as many lines.
 */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ description: "Items per page (1-500)", example: 50 }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: "Items to skip", example: 0 }),
};

export const PageMeta = z
  .object({
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    next: z.number().int().nullable().openapi({ description: "Offset of the next page, null on the last" }),
  })
  .openapi("PageMeta");

export function pageMeta(total: number, limit: number, offset: number): z.infer<typeof PageMeta> {
  return { total, limit, offset, next: offset + limit < total ? offset + limit : null };
}

/** The meta block of a list that is always answered whole (organizations, sources): one page holding everything. */
export const wholeList = (total: number): z.infer<typeof PageMeta> => ({ total, limit: total, offset: 0, next: null });

/** The largest value of a serial (int4) id: a larger number names no row, and PostgreSQL refuses it as a parameter. */
export const MAX_ID = 2_147_483_647;

/** A row id as it comes in a path or a query: 1 to MAX_ID. */
export const DbId = z.coerce
  .number()
  .int()
  .positive()
  .max(MAX_ID, { message: `an id is at most ${MAX_ID}` });

export const IdParam = z.object({ id: DbId.openapi({ param: { name: "id", in: "path" }, example: 1 }) });

export const ErrorBody = z
  .object({ code: z.string(), message: z.string(), requestId: z.string(), details: z.unknown().optional() })
  .openapi("Error");

/** The documented error answers of a route, keyed by status. */
export function errors(...statuses: Array<400 | 401 | 404 | 409>) {
  const text = {
    400: "Invalid parameters or body",
    401: "Missing, unknown or revoked API key",
    404: "Not found",
    409: "Conflicts with the current state",
  };
  return Object.fromEntries(
    statuses.map((s) => [s, { description: text[s], content: { "application/json": { schema: ErrorBody } } }]),
  );
}

export const iso = (d: Date | string | null | undefined): string | null =>
  d == null ? null : new Date(d).toISOString();

export const apiKeySecurity: Array<Record<string, string[]>> = [{ apiKey: [] }, { bearer: [] }];

/** The years the overview can be asked for: from the UN's first budgets to far enough ahead for plans. */
export const YEAR_MIN = 1945;
export const YEAR_MAX = 2100;
const YEAR_RANGE = `a year from ${YEAR_MIN} to ${YEAR_MAX}`;

/** A year in a query or path: a bad one is refused with the allowed range, never silently replaced. */
export const YearValue = z.coerce
  .number({ message: `must be ${YEAR_RANGE}` })
  .int({ message: `must be ${YEAR_RANGE}` })
  .min(YEAR_MIN, { message: `must be ${YEAR_RANGE}` })
  .max(YEAR_MAX, { message: `must be ${YEAR_RANGE}` });

/**
 * The `year` of a page's query: undefined when absent (the page picks its default), else the year;
 * anything else ("abc", "99999", "2024.5") is a bad_request naming the allowed range.
 * @example parseYear("2024")
 *   // 2024; parseYear("abc") // throws 400 "The year must be a year from 1945 to 2100, not "abc""
 */
export function parseYear(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const year = /^\s*\d{1,6}\s*$/.test(raw) ? YearValue.safeParse(raw) : null;
  if (!year?.success)
    throw new AppError("bad_request", `The year must be ${YEAR_RANGE}, not "${raw.slice(0, 40)}"`, {
      details: { min: YEAR_MIN, max: YEAR_MAX },
    });
  return year.data;
}

/** An organization id as people type it: "UNDP" and " undp " name undp. Whether it exists is checked by the route. */
export const OrganizationId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{1,40}$/, "an organization id such as undp (see /api/organizations)");
