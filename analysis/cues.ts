import type { Span } from "./segment.ts";
import type { FundingBasis } from "./types.ts";

/** Years and basis words of one sentence, found once and shared by all its quantities. */
interface Cues {
  periods: Array<Span & { period: string }>;
  bases: Array<Span & { basis: FundingBasis }>;
}

const YEAR_RANGE = /(?<![\d/.,-])((?:19|20)\d{2})(?:\s?[-/]\s?((?:19|20)?\d{2}))?(?!\d|[.,]\d)/g;
const NOT_PERIOD_BEFORE =
  /(?:since|depuis|desde|until|jusqu'en|hasta|ate|by|d'ici|table|cuadro|tableau|quadro|[a-z]\/)\s*$/;
const BASIS: Array<[FundingBasis, string]> = [
  ["pledge", "pledg|committed|commitment|announced|promesse|promesa|compromet|compromiso|compromisso|annonce"],
  ["trust-fund", "endowment|capitali[sz]ation|capital of|trust fund of|dotacion inicial|dotation"],
  ["allocation", "allocat|allott|asignacion|asignad|alloue|alocad|dotacion|awarded|approved for|earmarked"],
  ["expenditure", "expenditure|spent|disburs|gastos|gasto|depenses|despesas|delivery|executed|ejecucion"],
  ["contribution", "contribut|donat|aportad|aporte|contribucion|contribuicao|received|recibid|recebid|funded by"],
  [
    "budget",
    "budget|appropriation|presupuesto|orcamento|requirements|cost|provision|propos|propuest|estimate|montant prevu|" +
      "suma de|ressources necessaires|recursos necesarios|credits|costo|custo|sufragar",
  ],
];
// Basis words start a word ("allocated", not the middle of "reallocated"); \b also lets V8 skip ahead.
const BASIS_RE = new RegExp(`\\b(?:${BASIS.map(([, words]) => `(${words})`).join("|")})`, "g");

let cacheText = "";
const cache = new Map<number, Cues>();

function cuesOf(lower: string, sFrom: number, sTo: number): Cues {
  if (lower !== cacheText) {
    cacheText = lower;
    cache.clear();
  }
  const key = sFrom * 1e7 + sTo;
  let cues = cache.get(key);
  if (cues) return cues;
  cues = { periods: [], bases: [] };
  const sentence = lower.slice(sFrom, sTo);
  for (const m of sentence.matchAll(YEAR_RANGE)) {
    if (NOT_PERIOD_BEFORE.test(sentence.slice(Math.max(0, m.index! - 12), m.index!))) continue;
    const to = m[2] ? (m[2].length === 2 ? m[1].slice(0, 2) + m[2] : m[2]) : null;
    const period = to && Number(to) > Number(m[1]) ? `${m[1]}-${to}` : m[1];
    cues.periods.push({ start: sFrom + m.index!, end: sFrom + m.index! + m[0].length, period });
  }
  for (const m of sentence.matchAll(BASIS_RE)) {
    const k = m.findIndex((g, i) => i > 0 && g !== undefined) - 1;
    cues.bases.push({ start: sFrom + m.index!, end: sFrom + m.index! + m[0].length, basis: BASIS[k][0] });
  }
  cache.set(key, cues);
  return cues;
}

const distance = (a: Span, s: number, e: number) => (a.end <= s ? s - a.end : a.start >= e ? a.start - e : 0);

function nearest<T extends Span>(items: T[], start: number, end: number): { item: T; d: number } | null {
  let best: { item: T; d: number } | null = null;
  for (const item of items) {
    if (item.start < end && item.end > start) continue;
    const d = distance(item, start, end);
    if (!best || d < best.d) best = { item, d };
  }
  return best;
}

/**
 * The period nearest to a quantity in its sentence: a year or a range ("2024-2025", "2022-23" → "2022-2023").
 * @example periodNear("the budget for 2024-25 is $3 million", 25, 35, 0, 36) // => "2024-2025"
 */
export function periodNear(lower: string, start: number, end: number, sFrom: number, sTo: number): string | null {
  return nearest(cuesOf(lower, sFrom, sTo).periods, start, end)?.item.period ?? null;
}

/**
 * The basis of an amount from the nearest basis word in its sentence (within 120 characters).
 * @example basisNear("china contributed $5 million", 18, 28, 0, 28) // => "contribution"
 */
export function basisNear(lower: string, start: number, end: number, sFrom: number, sTo: number): FundingBasis {
  const best = nearest(cuesOf(lower, sFrom, sTo).bases, start, end);
  return best && best.d < 120 ? best.item.basis : null;
}
