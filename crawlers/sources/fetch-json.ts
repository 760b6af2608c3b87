import { FetchError } from "../errors.ts";
import type { SourceContext } from "../types.ts";

/**
 * Fetches a JSON API page. A body that is not JSON is a permanent `bad-content` error carrying
 * the URL, like any other bad answer, so the run reports it the same way.
 */
export async function fetchJson(ctx: SourceContext, url: string, headers?: Record<string, string>): Promise<unknown> {
  const result = await ctx.fetcher.fetch({ url, expect: "json", headers });
  return parseJsonBody(result.text(), url);
}

export function parseJsonBody(body: string, url: string): unknown {
  try {
    return JSON.parse(body);
  } catch (cause) {
    throw new FetchError("bad-content", `not JSON: ${(cause as Error).message}`, url, { cause });
  }
}
