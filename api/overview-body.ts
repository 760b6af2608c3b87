import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Context } from "hono";
import type { OverviewRead } from "../db/queries/overview-store.ts";
import type { AppEnv } from "./env.ts";

const gzipped = promisify(gzip);
const encoder = new TextEncoder();

/**
 * A text render of the overview (its JSON, a CSV) as the answer, kept as bytes for this data
 * version and gzipped once when the client accepts it: at a million facts the JSON is tens of
 * megabytes, and neither encoding nor compressing it again on every read is affordable.
 * @example
 * return keptBody(c, read, "api-json", () => JSON.stringify(read.overview), { "content-type": "application/json" });
 */
export async function keptBody(
  c: Context<AppEnv>,
  read: OverviewRead,
  what: string,
  make: () => string,
  headers: Record<string, string>,
): Promise<Response> {
  const bytes = read.rendered(what, () => encoder.encode(make()));
  c.header("vary", "accept-encoding");
  if (!acceptsGzip(c.req.header("accept-encoding"))) return c.body(bytes as Uint8Array<ArrayBuffer>, 200, headers);
  const zipped = await read.rendered(`${what}.gz`, () => gzipped(bytes));
  return c.body(zipped as Uint8Array<ArrayBuffer>, 200, { ...headers, "content-encoding": "gzip" });
}

/** Whether Accept-Encoding allows gzip: listed (or "*") without q=0. */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? "").split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return (coding === "gzip" || coding === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}
