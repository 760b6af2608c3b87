import type { Overview } from "../analysis/overview-types.ts";

/**
 * The overview as JSON: amounts are plain numbers in units of their currency (USD fields in US
 * dollars), dates ISO 8601; the shape the API serves, with each figure's explanation, review
 * state and confidence, the trend, pending figures, the methodology and the glossary.
 * @example JSON.parse(renderJson(overview)).organizations[0].fundingByBasis[0].usdForYear // 1750000
 */
export function renderJson(o: Overview): string {
  return `${JSON.stringify(o, null, 2)}\n`;
}
