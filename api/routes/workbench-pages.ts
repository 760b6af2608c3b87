import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { z } from "zod";
import { factYears } from "../../db/queries/fact-evidence.ts";
import { getDocument } from "../../db/queries/documents.ts";
import { editionContent } from "../../db/queries/editions.ts";
import { listOrganizations } from "../../db/queries/organizations.ts";
import { CONFIDENCE_BANDS, reviewQueue, type ConfidenceBand } from "../../db/queries/review-queue.ts";
import { pageWithHit, searchText } from "../../db/queries/search.ts";
import { facts } from "../../db/schema/facts.ts";
import { AppError } from "../../errors.ts";
import { diffFacts, diffSentences, sentencesOf } from "../version-diff.ts";
import { ComparePage } from "../views/compare-page.tsx";
import { renderPage } from "../views/layout.tsx";
import { ReviewQueuePage } from "../views/review-queue-page.tsx";
import { PassageInPage, SearchPage } from "../views/search-page.tsx";
import { knownOrganization } from "./known-organization.ts";
import { DbId, parseYear } from "./shared.ts";

const QUEUE_PAGE = 50;
const SEARCH_PAGE = 20;

const QueueQuery = z.object({
  status: z.enum(["auto", "confirmed", "corrected", "rejected", "any"]).catch("auto"),
  kind: z.enum(facts.kind.enumValues).optional().catch(undefined),
  confidence: z
    .enum(Object.keys(CONFIDENCE_BANDS) as [ConfidenceBand, ...ConfidenceBand[]])
    .optional()
    .catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});

const blankless = (q: Record<string, string>) =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v.trim() !== ""));

function id(raw: string, what: string): number {
  const n = DbId.safeParse(raw);
  if (!n.success) throw new AppError("not_found", `There is no ${what} "${raw}"`);
  return n.data;
}

/** The analyst's workbench: the review queue, full-text search with hits in their pages, and edition comparison. */
export const workbenchPageRoutes = new Hono<AppEnv>()
  .get("/review", async (c) => {
    const db = c.get("db");
    const raw = blankless(c.req.query());
    const q = QueueQuery.parse(raw);
    const organization = raw.organization ? (await knownOrganization(db, raw.organization)).id : undefined;
    const year = parseYear(raw.year);
    const [{ total, items }, orgs, years] = await Promise.all([
      reviewQueue(db, { ...q, organization, year, limit: QUEUE_PAGE }),
      listOrganizations(db),
      factYears(db),
    ]);
    const acronyms = new Map(orgs.map((o) => [o.id, o.acronym]));
    return renderPage(
      c,
      "Review queue",
      ReviewQueuePage({
        q: { ...q, organization, year },
        items,
        total,
        limit: QUEUE_PAGE,
        orgs,
        years,
        acronyms,
        csrf: c.get("session")?.csrf,
      }),
    );
  })
  .get("/search", async (c) => {
    const db = c.get("db");
    const raw = blankless(c.req.query());
    const q = (raw.q ?? "").slice(0, 200);
    const organization = raw.organization ? (await knownOrganization(db, raw.organization)).id : undefined;
    const offset = z.coerce.number().int().min(0).max(10_000).catch(0).parse(raw.offset);
    const orgs = await listOrganizations(db);
    const found = q
      ? await searchText(db, q, { organization, limit: SEARCH_PAGE, offset })
      : { total: 0, passages: [], documents: [] };
    return renderPage(
      c,
      q ? `Search: ${q}` : "Search",
      SearchPage({ q, organization, orgs, ...found, limit: SEARCH_PAGE, offset }),
    );
  })
  .get("/documents/:id/passages/:passage", async (c) => {
    const q = (c.req.query("q") ?? "").slice(0, 200);
    const hit = await pageWithHit(c.get("db"), { passageId: id(c.req.param("passage"), "passage"), q });
    if (!hit || hit.documentId !== id(c.req.param("id"), "document"))
      throw new AppError("not_found", "There is no such passage in this document");
    return renderPage(c, `${hit.title ?? "Document"}, page ${hit.page}`, PassageInPage({ p: hit, q }));
  })
  .get("/documents/:id/compare", async (c) => {
    const db = c.get("db");
    const doc = await getDocument(db, id(c.req.param("id"), "document"));
    if (doc.versions.length < 2)
      throw new AppError("not_found", "This document has one edition only: there is nothing to compare yet");
    const ids = doc.versions.map((v) => v.id);
    const pick = (raw: string | undefined, fallback: number) => {
      const n = Number(raw);
      return ids.includes(n) ? n : fallback;
    };
    // Versions are listed newest first: by default the newest against the one before it.
    const to = pick(c.req.query("to"), ids[0]);
    const from = pick(c.req.query("from"), ids[1]);
    const [a, b] = await Promise.all([editionContent(db, from), editionContent(db, to)]);
    return renderPage(
      c,
      `Compare editions: ${doc.title ?? doc.url}`,
      ComparePage({
        doc,
        from,
        to,
        facts: diffFacts(a.facts, b.facts),
        text: diffSentences(sentencesOf(a.pages), sentencesOf(b.pages)),
      }),
    );
  });
