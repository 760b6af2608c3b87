import { amountGroups, sameAmount } from "./overview-amounts.ts";
import { norm, STATUS_RANK } from "./overview-figures.ts";
import type { Evidence, FactStatus, FundingFigure, OverviewFactInput } from "./overview-types.ts";
import { reviewState } from "./overview-words.ts";

/**
 * The system-wide figures: every organization's figures, with one amount that several
 * organizations report (UNOSSC and UNDP both reporting the same contribution to the IBSA Fund)
 * counted once. Same subject (the vocabulary id when the analyzer named one, else the subject as
 * written), basis and period, amounts within 0.5%, from different documents of different
 * organizations: one figure with all the evidence, merged greedily in the organizations' order
 * and each one's figures' order. Each organization's own table is untouched. Pure.
 *
 * Figures of different keys never merge, so each key is merged on its own: an organization's
 * figures are grouped by key once, when its part is built (`systemKeys`), and a `SystemMemo`
 * keeps each key's merge until the figures of that key change, so after a review only the keys
 * of the reviewed organization are merged again.
 */

/** A funding figure in the system-wide tables, with the organizations that report it. */
export interface SystemFigure {
  figure: FundingFigure;
  organizationIds: string[];
}

/** One organization's funding figures of one year, and their positions grouped by system-wide key. */
export interface KeyedFigures {
  figures: FundingFigure[];
  /** Key → positions in `figures`, ascending. */
  keys: Map<string, number[]>;
  /**
   * What the merge and what is made of it read from the figures at these positions, as text:
   * equal text, equal merge. `tables`: the figures with their evidence and their facts' evidence
   * fields (trust funds and totals list them); `totals`: only what the merge and the sums read
   * (a trend year's totals).
   */
  content(at: number[], use: SystemUse): string;
}

/** What a year's system figures are for: the overview's own year's tables, or a trend year's totals. */
export type SystemUse = "tables" | "totals";

/** Each key's merge as last made, by year: kept by a caller that assembles the overview again and again. */
export type SystemMemo = Map<number, { order: string; keys: Map<string, KeyMerge>; figures: SystemFigure[] }>;

interface KeyMerge {
  /** What was merged: each organization's figures for the key. */
  inputs: KeyInput[];
  entries: Placed[];
}

interface KeyInput {
  organizationId: string;
  figures: KeyedFigures;
  at: number[];
}

/** A system figure and where its first figure sits: which organization, which position. */
interface Placed {
  organizationId: string;
  at: number;
  system: SystemFigure;
}

/**
 * Groups one organization's figures by the key under which they may merge with other
 * organizations' figures; `facts` holds that organization's facts' evidence (subject ids).
 * @example systemKeys(part.perYear[4].funding, part.factEvidence).keys.get("id:ibsa|contribution|2024") // [0, 3]
 */
export function systemKeys(
  figures: FundingFigure[],
  facts: Map<number, Pick<OverviewFactInput, "evidence">>,
): KeyedFigures {
  const keys = new Map<string, number[]>();
  for (const [i, figure] of figures.entries()) {
    const key = `${canonicalSubject(figure, facts)}|${figure.basis}|${figure.period ?? ""}`;
    const list = keys.get(key);
    if (list) list.push(i);
    else keys.set(key, [i]);
  }
  const contents = new Map<string, string>();
  const content = (at: number[], use: SystemUse) => {
    const memoKey = `${use}|${at.join(",")}`;
    let text = contents.get(memoKey);
    if (text === undefined) {
      const read = at.map((i) => figures[i]);
      text =
        use === "tables"
          ? JSON.stringify(read.map((f) => [f, f.evidence.map((e) => facts.get(e.factId)?.evidence)]))
          : read.map((f) => `${f.basis}|${f.value}|${f.currency}|${f.usd}|${f.usdForYear}|${docsOf(f)}`).join("\n");
      contents.set(memoKey, text);
    }
    return text;
  };
  return { figures, keys, content };
}

/**
 * The system-wide figures of one year from each organization's keyed figures (in the
 * organizations' order), in the order a single greedy pass over all of them creates them.
 * `memo` (optional) keeps each key's merge for the next call; `use` says what of the figures counts
 * when an organization's figures are compared with those of the last call.
 * @example systemFigures([{ organizationId: "unossc", figures: systemKeys(f, facts) }], 2024).length
 */
export function systemFigures(
  perOrganization: Array<{ organizationId: string; figures: KeyedFigures }>,
  year: number,
  memo: SystemMemo = new Map(),
  use: SystemUse = "tables",
): SystemFigure[] {
  const byKey = new Map<string, KeyInput[]>();
  for (const o of perOrganization)
    for (const [key, at] of o.figures.keys) {
      const list = byKey.get(key);
      if (list) list.push({ ...o, at });
      else byKey.set(key, [{ ...o, at }]);
    }
  const before = memo.get(year);
  const kept = new Map<string, KeyMerge>();
  const order = perOrganization.map((o) => o.organizationId).join(" ");
  let changed = !before || before.order !== order || before.keys.size !== byKey.size;
  for (const [key, list] of byKey) {
    const old = before?.keys.get(key);
    const same = old && sameInputs(old.inputs, list, use);
    if (!same) changed = true;
    kept.set(key, same ? old : { inputs: list, entries: mergeKey(list) });
  }
  // Every key as it was: the same system figures, in the same order.
  if (!changed) return before!.figures;
  // In creation order: by organization, then by the position of each system figure's first figure.
  const slots = new Map(
    perOrganization.map((o) => [o.organizationId, new Array<SystemFigure>(o.figures.figures.length)]),
  );
  for (const { entries } of kept.values()) for (const e of entries) slots.get(e.organizationId)![e.at] = e.system;
  const figures = [...slots.values()].flatMap((s) => s.filter(Boolean));
  memo.set(year, { order, keys: kept, figures });
  return figures;
}

/**
 * Whether a key's figures are what they were: the same lists (an organization whose part was kept),
 * or lists of equal content (an organization rebuilt after a change elsewhere in its data).
 */
function sameInputs(before: KeyInput[], now: KeyInput[], use: SystemUse): boolean {
  return (
    before.length === now.length &&
    now.every((o, i) => {
      const b = before[i];
      if (b.at === o.at) return true;
      // The positions order the system figures: equal content at other positions is merged again.
      return (
        b.organizationId === o.organizationId &&
        b.at.length === o.at.length &&
        b.at.every((n, j) => o.at[j] === n) &&
        b.figures.content(b.at, use) === o.figures.content(o.at, use)
      );
    })
  );
}

/** A system figure while it is merged: its first figure, and what the others add. */
interface Merging extends Placed {
  first: FundingFigure;
  documents: Set<number>;
  status: FactStatus;
  confidence: number;
  /** Own copy once a second figure joins (the first figure's list is its organization's). */
  evidence: Evidence[] | null;
}

/** One key's figures merged greedily: each joins the earliest figure it may join, else starts one. */
function mergeKey(list: KeyInput[]): Placed[] {
  const groups = amountGroups<Merging>();
  const out: Merging[] = [];
  for (const { organizationId, figures, at } of list) {
    for (const i of at) {
      const figure = figures.figures[i];
      const same = groups.find(
        "",
        figure,
        (g) =>
          !g.system.organizationIds.includes(organizationId) &&
          sameAmount(g.first, figure) &&
          !figure.evidence.some((e) => g.documents.has(e.documentId)),
      );
      if (same) {
        if (STATUS_RANK[figure.status] > STATUS_RANK[same.status]) same.status = figure.status;
        same.confidence = Math.max(same.confidence, figure.confidence);
        same.evidence ??= [...same.first.evidence];
        same.evidence.push(...figure.evidence);
        for (const e of figure.evidence) same.documents.add(e.documentId);
        same.system.organizationIds.push(organizationId);
        continue;
      }
      const entry: Merging = {
        organizationId,
        at: i,
        system: { figure, organizationIds: [organizationId] },
        first: figure,
        documents: new Set(figure.evidence.map((e) => e.documentId)),
        status: figure.status,
        confidence: figure.confidence,
        evidence: null,
      };
      groups.add("", figure, entry);
      out.push(entry);
    }
  }
  for (const e of out)
    if (e.evidence)
      e.system.figure = {
        ...e.first,
        status: e.status,
        review: reviewState(e.status),
        confidence: e.confidence,
        evidence: e.evidence,
      };
  return out.map(({ organizationId, at, system }) => ({ organizationId, at, system }));
}

const docsOf = (f: FundingFigure) => f.evidence.map((e) => e.documentId).join(",");

/** The vocabulary id of a figure's subject when its facts name one, else the subject normalised. */
function canonicalSubject(figure: FundingFigure, facts: Map<number, Pick<OverviewFactInput, "evidence">>): string {
  for (const e of figure.evidence) {
    const id = facts.get(e.factId)?.evidence?.subjectId;
    if (typeof id === "string" && id) return `id:${id}`;
  }
  return `name:${norm(figure.subject)}`;
}
