import { z } from "@hono/zod-openapi";
import type { FactDetail, FactListItem } from "../../db/queries/facts.ts";
import { type FactRow, facts } from "../../db/schema/facts.ts";
import { readingValues } from "../../analysis/effective-fact.ts";
import { pageLink } from "../../analysis/page-link.ts";
import { effective, splitPassage } from "../evidence.ts";
import { iso } from "./shared.ts";

const Effective = z.object({
  value: z.number().nullable(),
  currency: z.string().nullable(),
  usd: z.number().nullable(),
  period: z.string().nullable(),
  count: z.number().nullable(),
  basis: z.string().nullable(),
  subject: z.string().nullable(),
});

export const FactSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.string().nullable(),
    kind: z.enum(facts.kind.enumValues),
    value: z
      .number()
      .nullable()
      .openapi({ description: "As the analyzer read it, in units of the currency", example: 3500000 }),
    currency: z.string().nullable().openapi({ example: "USD" }),
    usd: z.number().nullable().openapi({
      description: "The value converted at the average rate of the first year of its period (derived, not stored)",
    }),
    period: z.string().nullable().openapi({ example: "2014-2017" }),
    basis: z.string().nullable(),
    count: z.number().nullable(),
    grade: z.string().nullable(),
    subject: z.string().nullable(),
    quote: z.string(),
    start: z.number().int().nullable(),
    end: z.number().int().nullable(),
    page: z.number().int().nullable(),
    confidence: z.number().openapi({ description: "The analyzer's confidence, 0 to 1" }),
    status: z.enum(facts.status.enumValues),
    effective: Effective.openapi({
      description: "What counts in the overview: the analyst's correction where there is one",
    }),
    document: z.object({
      id: z.number().int(),
      title: z.string().nullable(),
      url: z.string(),
      pageUrl: z.string().openapi({ description: "Opens the document at the fact's page" }),
    }),
    updatedAt: z.string().nullable(),
  })
  .openapi("Fact");

const ReviewSchema = z.object({
  action: z.string(),
  note: z.string().nullable(),
  actor: z.string(),
  actorKind: z.string(),
  at: z.string().nullable(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
});

export const FactDetailSchema = FactSchema.extend({
  passage: z
    .object({
      text: z.string(),
      page: z.number().int(),
      quoteStart: z
        .number()
        .int()
        .nullable()
        .openapi({ description: "Offset of the quote in the passage text, null when it is not found there" }),
      quoteEnd: z.number().int().nullable(),
    })
    .nullable(),
  evidence: z
    .record(z.string(), z.unknown())
    .nullable()
    .openapi({ description: "For facts from structured records: record id, field and URL" }),
  reviews: z.array(ReviewSchema),
}).openapi("FactDetail");

export function shapeFact(
  f: FactRow,
  doc: { id: number; title: string | null; url: string },
): z.infer<typeof FactSchema> {
  return {
    id: f.id,
    organizationId: f.organizationId,
    kind: f.kind,
    value: f.value,
    currency: f.currency,
    usd: readingValues(f).usd,
    period: f.period,
    basis: f.basis,
    count: f.count,
    grade: f.grade,
    subject: f.subject,
    quote: f.quote,
    start: f.start,
    end: f.end,
    page: f.page,
    confidence: f.confidence,
    status: f.status,
    effective: effective(f),
    document: { id: doc.id, title: doc.title, url: doc.url, pageUrl: pageLink(doc.url, f.page) },
    updatedAt: iso(f.updatedAt),
  };
}

export const shapeListItem = (f: FactListItem) =>
  shapeFact(f, { id: f.documentId, title: f.documentTitle, url: f.documentUrl });

export function shapeDetail(d: FactDetail): z.infer<typeof FactDetailSchema> {
  const split = d.passage ? splitPassage(d.passage, d.fact) : null;
  const passage =
    d.passage && split
      ? {
          text: d.passage.text,
          page: d.passage.pageNo,
          quoteStart: split.quote ? split.before.length : null,
          quoteEnd: split.quote ? split.before.length + split.quote.length : null,
        }
      : null;
  const reviews = d.reviews.map((r) => ({
    action: r.action,
    note: r.note,
    actor: r.actor,
    actorKind: r.actorKind,
    at: iso(r.at),
    before: r.before,
    after: r.after,
  }));
  return { ...shapeFact(d.fact, d.document), passage, evidence: d.fact.evidence ?? null, reviews };
}
