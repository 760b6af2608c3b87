/**
 * Writing one version's analysis: passages and facts merged with what is stored, reviews kept or
 * carried over from the previous edition, in one transaction.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { subjectKeyOf } from "../../analysis/change-facts.ts";
import { ConflictError } from "../../errors.ts";
import type { Db } from "../client.ts";
import { analysisHeldBy } from "./documents.ts";
import { documentVersions } from "../schema/document-versions.ts";
import { factReviews } from "../schema/fact-reviews.ts";
import { facts, type FactRow } from "../schema/facts.ts";
import { passages } from "../schema/passages.ts";

import type { FactKind } from "./facts.ts";
import { ACTION_OF, planFactMerge, planReviewCarryOver, REVIEWED } from "./fact-merge.ts";
import { reviewSnapshot } from "./reviews.ts";

/** A fact as the pipeline hands it over: db columns plus the index of its passage in the analysis. */
export type FactInput = Omit<
  typeof facts.$inferInsert,
  "id" | "documentId" | "versionId" | "passageId" | "organizationId" | "status"
> & {
  kind: FactKind;
  fingerprint: string;
  passageIndex: number | null;
};

export interface PassageInput {
  pageNo: number;
  start: number;
  end: number;
  text: string;
  language: string | null;
  relevant: boolean;
  score: number;
}

export interface SaveAnalysisInput {
  versionId: number;
  documentId: number;
  organizationId: string | null;
  workerId: string;
  analyzerVersion: string;
  language: string | null;
  now: Date;
  passages: PassageInput[];
  /** null for structured records: their facts came from the record and are left alone. */
  facts: FactInput[] | null;
}

export interface SaveAnalysisResult {
  inserted: number;
  updated: number;
  kept: number;
  superseded: number;
  /** New facts that took over a review of the same fact in the document's previous edition. */
  carried: number;
}

const CHUNK = 500;

/**
 * Writes one version's analysis in one transaction: passages replaced, facts merged with what is
 * stored (reviews survive: see `planFactMerge`), the version marked analyzed. A version analysed
 * for the first time takes over the reviews of the document's previous analysed edition (see
 * `planReviewCarryOver`), each with a "carried over" row in the trail. Throws
 * ConflictError when the worker no longer holds the version's claim (its lease expired
 * and another worker took it), so two workers never both write one version.
 * @example
 * await saveVersionAnalysis(db, { versionId: 3, documentId: 1, organizationId: "undp", workerId: "w1",
 *   analyzerVersion: "1.0.0", language: "en", now, passages, facts })
 */
export async function saveVersionAnalysis(db: Db, input: SaveAnalysisInput): Promise<SaveAnalysisResult> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(documentVersions)
      .set({
        analysisStatus: "analyzed",
        analyzerVersion: input.analyzerVersion,
        analyzedAt: input.now,
        analysisError: null,
        claimedBy: null,
        claimedUntil: null,
        analyses: sql`${documentVersions.analyses} + 1`,
        language: sql`coalesce(${documentVersions.language}, ${input.language})`,
      })
      .where(and(eq(documentVersions.id, input.versionId), analysisHeldBy(input.workerId)))
      .returning({ id: documentVersions.id });
    if (!claimed.length)
      throw new ConflictError(`Version ${input.versionId} is no longer claimed by ${input.workerId}.`);
    await tx.delete(passages).where(eq(passages.versionId, input.versionId));
    const passageIds: number[] = [];
    for (let i = 0; i < input.passages.length; i += CHUNK) {
      const rows = input.passages.slice(i, i + CHUNK).map((p) => ({ ...p, versionId: input.versionId }));
      passageIds.push(...(await tx.insert(passages).values(rows).returning({ id: passages.id })).map((r) => r.id));
    }
    const result: SaveAnalysisResult = { inserted: 0, updated: 0, kept: 0, superseded: 0, carried: 0 };
    if (!input.facts) return result;
    const old = await tx
      .select()
      .from(facts)
      .where(and(eq(facts.versionId, input.versionId), eq(facts.origin, "text")));
    const plan = planFactMerge(old, input.facts);
    const passageOf = (f: FactInput) => (f.passageIndex === null ? null : (passageIds[f.passageIndex] ?? null));
    for (const { old: o, next } of plan.matched) {
      const { passageIndex: _p, ...columns } = next;
      const set = REVIEWED.has(o.status)
        ? { passageId: passageOf(next), fingerprint: next.fingerprint }
        : {
            ...columns,
            subjectKey: subjectKeyOf(columns.subject),
            passageId: passageOf(next),
            status: "auto" as const,
            updatedAt: input.now,
          };
      await tx.update(facts).set(set).where(eq(facts.id, o.id));
      result[REVIEWED.has(o.status) ? "kept" : "updated"]++;
    }
    const gone = plan.unmatched.filter((o) => o.status === "auto").map((o) => o.id);
    if (gone.length)
      await tx.update(facts).set({ status: "superseded", updatedAt: input.now }).where(inArray(facts.id, gone));
    result.superseded = gone.length;
    result.kept += plan.unmatched.length - gone.length;
    const fresh = plan.added.map(({ passageIndex: _p, ...f }, k) => ({
      ...f,
      subjectKey: subjectKeyOf(f.subject),
      passageId: passageOf(plan.added[k]),
      documentId: input.documentId,
      versionId: input.versionId,
      organizationId: input.organizationId,
    }));
    const stored: FactRow[] = [];
    // A fingerprint already stored for the version is skipped, so count what the insert returns.
    for (let i = 0; i < fresh.length; i += CHUNK)
      stored.push(
        ...(await tx
          .insert(facts)
          .values(fresh.slice(i, i + CHUNK))
          .onConflictDoNothing()
          .returning()),
      );
    result.inserted = stored.length;
    // A version read for the first time inherits the analyst's reviews of the document's previous edition.
    if (!old.length && stored.length) result.carried = await carryReviewsOver(tx, input, stored);
    return result;
  });
}

/** Copies the reviews of the previous analysed edition onto the new facts; returns how many. */
async function carryReviewsOver(tx: Db, input: SaveAnalysisInput, stored: FactRow[]): Promise<number> {
  const [previous] = await tx
    .select({ id: documentVersions.id })
    .from(documentVersions)
    .where(
      and(
        eq(documentVersions.documentId, input.documentId),
        sql`${documentVersions.id} <> ${input.versionId}`,
        sql`(${documentVersions.analyzedAt} is not null or ${documentVersions.analysisStatus} = 'analyzed')`,
        sql`(${documentVersions.fetchedAt}, ${documentVersions.id})
          < (select v.fetched_at, v.id from document_versions v where v.id = ${input.versionId})`,
      ),
    )
    .orderBy(desc(documentVersions.fetchedAt), desc(documentVersions.id))
    .limit(1);
  if (!previous) return 0;
  const reviewed = await tx
    .select()
    .from(facts)
    .where(
      and(
        eq(facts.versionId, previous.id),
        inArray(facts.status, ["confirmed", "corrected", "rejected"]),
        eq(facts.origin, "text"),
      ),
    );
  const pairs = planReviewCarryOver(reviewed, stored);
  for (const { from, to } of pairs) {
    const [after] = await tx
      .update(facts)
      .set({
        status: from.status,
        correctedValue: from.correctedValue,
        correctedCurrency: from.correctedCurrency,
        correctedPeriod: from.correctedPeriod,
        correctedCount: from.correctedCount,
        correctedBasis: from.correctedBasis,
        correctedSubject: from.correctedSubject,
        updatedAt: input.now,
      })
      .where(eq(facts.id, to.id))
      .returning();
    await tx.insert(factReviews).values({
      factId: to.id,
      action: ACTION_OF[from.status],
      before: reviewSnapshot(to),
      after: reviewSnapshot(after),
      note: `carried over from version ${previous.id}`,
      actor: "system",
      actorKind: "cli",
      at: input.now,
    });
  }
  return pairs.length;
}
