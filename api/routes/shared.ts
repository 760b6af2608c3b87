import { z } from "@hono/zod-openapi";

/**
 * Pieces every list route shares: limit/offset pagination with its meta block, numeric ids,
 * the error body written by api/errors.ts, and ISO dates.
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
