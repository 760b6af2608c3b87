import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { DocsPage } from "../views/docs-page.tsx";
import { renderPage } from "../views/layout.tsx";

/** /docs: the OpenAPI document as a readable page, built on the server (no CDN, no script). */
export function docsRoutes(document: () => unknown): Hono<AppEnv> {
  let cached: Record<string, unknown> | undefined;
  return new Hono<AppEnv>().get("/docs", (c) => {
    cached ??= JSON.parse(JSON.stringify(document())) as Record<string, unknown>;
    return renderPage(c, "API", DocsPage({ doc: cached }));
  });
}
