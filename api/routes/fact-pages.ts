import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { z } from "zod";
import { evidenceFor, factYears, latestReportedYear } from "../../db/queries/fact-evidence.ts";
import { getFact, listFacts } from "../../db/queries/facts.ts";
import { reviewFact, type ReviewInput } from "../../db/queries/reviews.ts";
import { getOrganization } from "../../db/queries/organizations.ts";
import { factReviews } from "../../db/schema/fact-reviews.ts";
import { AppError } from "../../errors.ts";
import { auditRequest } from "../audit.ts";
import { checkReview, REVIEW_LIMITS } from "../review-input.ts";
import { requireSessionForm } from "../middleware/csrf.ts";
import { FactPage } from "../views/fact-page.tsx";
import { renderPage } from "../views/layout.tsx";
import { OrganizationPage } from "../views/organization-page.tsx";
import { safeNext } from "./login.ts";
import { knownOrganization } from "./known-organization.ts";
import { DbId, parseYear } from "./shared.ts";

const Id = DbId;
const ORG_PAGE_LIMIT = 500;

function parseId(raw: string): number {
  const id = Id.safeParse(raw);
  if (!id.success) throw new AppError("not_found", `There is no fact "${raw}"`);
  return id.data;
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** Thousands in groups of three, one separator throughout: "3,500,000", "3 500 000.5". */
const GROUPED_NUMBER = /^[+-]?\d{1,3}([, _])\d{3}(?:\1\d{3})*(?:\.\d+)?$/;

/**
 * Form numbers as people type them: "3500000.5", "3,500,000" and "3 500 000" are accepted. A
 * comma that does not group thousands by three ("3,5", "3,50") is refused: it may be a decimal
 * comma, and reading "3,5" as 35 would store a wrong correction without a word.
 */
export function formNumber(raw: unknown, label: string): number | undefined {
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  const typed = raw.trim().replace(/[\u00a0\u202f]/g, " ");
  if (PLAIN_NUMBER.test(typed)) return Number(typed);
  if (GROUPED_NUMBER.test(typed)) return Number(typed.replace(/[, _]/g, ""));
  if (typed.includes(",")) {
    throw new AppError(
      "bad_request",
      `The ${label} "${raw}" is ambiguous: write decimals with a point (3.5) and thousands in groups of three ` +
        `(3,500,000) or without separators (3500000)`,
    );
  }
  throw new AppError(
    "bad_request",
    `The ${label} must be a number such as 3500000, 3,500,000 or 3500000.5, not "${raw}"`,
  );
}

const text = (raw: unknown) => (typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined);

/**
 * The review form's fields as a review, checked by the API's own schema (api/review-input.ts):
 * correction fields only count for "correct".
 */
export function reviewFromForm(body: Record<string, unknown>): Omit<ReviewInput, "id" | "actor" | "actorKind"> {
  const action = z.enum(factReviews.action.enumValues).safeParse(body.action);
  if (!action.success) throw new AppError("bad_request", "Choose confirm, correct, reject or undo");
  const note = text(body.note)?.slice(0, REVIEW_LIMITS.maxNoteChars);
  if (action.data !== "correct") return checkReview({ action: action.data, note });
  const typed = {
    value: formNumber(body.value, "value"),
    count: formNumber(body.count, "number of posts"),
    currency: text(body.currency),
    period: text(body.period),
    basis: text(body.basis),
    subject: text(body.subject),
  };
  if (Object.values(typed).every((v) => v === undefined))
    throw new AppError(
      "bad_request",
      "Nothing was typed to correct: fill in the value, currency, period, basis or subject, then Save correction. To " +
        "accept the reading as it is, press Confirm.",
    );
  const fields = { action: "correct", note, ...typed };
  return checkReview(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
}

export const factPageRoutes = new Hono<AppEnv>()
  .get("/facts/:id", async (c) => {
    const d = await getFact(c.get("db"), parseId(c.req.param("id")));
    const org = d.fact.organizationId ? await getOrganization(c.get("db"), d.fact.organizationId) : undefined;
    const body = FactPage({ ...d, csrf: c.get("session")?.csrf, organizationName: org?.name ?? null });
    return renderPage(c, `Fact ${d.fact.id}`, body);
  })
  .post("/facts/:id/review", requireSessionForm(), async (c) => {
    const id = parseId(c.req.param("id"));
    const form = await c.req.parseBody();
    const session = c.get("session")!;
    const review = reviewFromForm(form);
    await reviewFact(c.get("db"), { id, ...review, actor: session.userName, actorKind: "user" });
    await auditRequest(c, "review", { factId: id, action: review.action });
    const back = safeNext(form.back);
    return c.redirect(back === "/" ? `/facts/${id}` : back, 303);
  })
  .get("/organizations/:id", async (c) => {
    const db = c.get("db");
    const org = await knownOrganization(db, c.req.param("id"));
    if (org.id !== c.req.param("id")) return c.redirect(`/organizations/${org.id}${new URL(c.req.url).search}`, 301);
    const asked = parseYear(c.req.query("year"));
    const years = await factYears(db, org.id);
    const year =
      asked ?? (await latestReportedYear(db, new Date(), org.id)) ?? years[0] ?? new Date().getUTCFullYear() - 1;
    const reviewThreshold = c.get("config").reviewThreshold;
    const [{ total, items }, overview] = await Promise.all([
      listFacts(db, { organization: org.id, year, limit: ORG_PAGE_LIMIT }),
      c.get("overviews").read(db, year, new Date(), { reviewThreshold }),
    ]);
    const summary = overview.overview.organizations.find((o) => o.id === org.id);
    const current = items.filter((f) => f.status !== "superseded");
    const { passageOf, reviewsOf } = await evidenceFor(db, current);
    const facts = current.map((f) => ({
      fact: f,
      passage: passageOf(f),
      reviews: reviewsOf(f),
      document: { id: f.documentId, title: f.documentTitle, url: f.documentUrl },
    }));
    return renderPage(
      c,
      `${org.acronym} ${year}`,
      OrganizationPage({ org, year, years, facts, csrf: c.get("session")?.csrf, total, summary, reviewThreshold }),
    );
  });
