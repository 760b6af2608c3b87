/**
 * Value readers for publisher quirks: amounts as strings with thousands separators, dates in ISO
 * or US formats, periods as year ranges. Pure; shared by the sources.
 */

/**
 * A number from a published amount, or null when there is none.
 * @example parseAmount("280,000,000") // 280000000
 */
export function parseAmount(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== "string") return null;
  const cleaned = raw.trim().replace(/[,\s]/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s|$)/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * An ISO date (YYYY-MM-DD) from ISO or US-style text; null for junk (year 1, 1900 placeholders).
 * @example toIsoDate("12/31/2030 12:00:00 AM") // "2030-12-31"
 */
export function toIsoDate(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const text = raw.trim();
  let y: string, m: string, d: string;
  const iso = ISO_DATE.exec(text);
  const us = US_DATE.exec(text);
  if (iso) [, y, m, d] = iso;
  else if (us) [y, m, d] = [us[3], us[1].padStart(2, "0"), us[2].padStart(2, "0")];
  else return null;
  if (Number(y) <= 1900 || Number(m) < 1 || Number(m) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  return `${y}-${m}-${d}`;
}

/**
 * The period covered by two dates as years: "2015" or "2014-2017"; null when neither is known.
 * @example yearPeriod("2014-01-01", "2017-12-31") // "2014-2017"
 */
export function yearPeriod(start: string | null | undefined, end: string | null | undefined): string | null {
  const a = start?.slice(0, 4);
  const b = end?.slice(0, 4);
  if (a && b) return a === b ? a : Number(a) < Number(b) ? `${a}-${b}` : `${b}-${a}`;
  return a ?? b ?? null;
}

/** A trimmed non-empty string, or null. */
export function text(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return null;
  const t = value.replace(/\s+/g, " ").trim();
  return t === "" ? null : t;
}

/** The literal text of a published value, for a fact's quote (numbers as the publisher wrote them). */
export function literal(value: unknown): string {
  return typeof value === "string" ? value.trim() : JSON.stringify(value);
}
