import type { SourceContext } from "../types.ts";
import { toIsoDate } from "./values.ts";

/**
 * Readers for a source's settings after the sources file's overrides. Bad values fall back to the
 * default with a warning rather than stopping the source: a typo in the sources file should not
 * silence a publisher.
 */

/** The base URL without a trailing slash, so paths can be appended. */
export function baseUrl(ctx: SourceContext, fallback: string): string {
  const value = typeof ctx.settings.baseUrl === "string" && ctx.settings.baseUrl ? ctx.settings.baseUrl : fallback;
  return value.replace(/\/+$/, "");
}

export function numberSetting(
  ctx: SourceContext,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = ctx.settings[name];
  if (raw === undefined || raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    ctx.log.warn(`setting ${name} must be a positive whole number; using ${fallback}`, {
      source: ctx.settings.id,
      value: raw,
    });
    return fallback;
  }
  return Math.min(n, max);
}

/**
 * A list of strings; a single string counts as a list of one (the `query` setting). An explicit
 * empty list means none (`patterns: []` turns the built-in patterns off); a list with nothing
 * usable in it falls back to the defaults with a warning.
 */
export function listSetting(ctx: SourceContext, name: string, fallback: string[]): string[] {
  const raw = ctx.settings[name];
  if (raw === undefined || raw === null) return fallback;
  const given = Array.isArray(raw) ? raw : [raw];
  if (given.length === 0) return [];
  const list = given.filter((v): v is string => typeof v === "string" && v.trim() !== "");
  if (list.length === 0)
    ctx.log.warn(`setting ${name} has no usable values; using the defaults`, { source: ctx.settings.id });
  return list.length ? list : fallback;
}

export function stringSetting(ctx: SourceContext, name: string): string | undefined {
  const raw = ctx.settings[name];
  return typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined;
}

/**
 * Date window from the `fromDate`/`toDate` settings. The World Bank's WDS reads `strdate` alone as one calendar year,
 * so an end is always sent.
 */
export function dateWindow(ctx: SourceContext): Record<string, string> {
  const from = toIsoDate(ctx.settings.fromDate);
  const to = toIsoDate(ctx.settings.toDate);
  if (!from && !to) return {};
  return { strdate: from ?? "1900-01-01", enddate: to ?? new Date().toISOString().slice(0, 10) };
}
