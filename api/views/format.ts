/** Number and date formats for the pages: full figures with thousands separators (analysts copy them). */
const INT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const DEC = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function num(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return Math.abs(n) >= 100 || Number.isInteger(n) ? INT.format(n) : DEC.format(n);
}

export function money(n: number | null | undefined, currency: string | null | undefined): string {
  return n === null || n === undefined ? "–" : `${currency ?? ""} ${num(n)}`.trim();
}

/** "3.5 million" style, for chart labels where space is short. */
export function short(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${DEC.format(n / 1e9)} bn`;
  if (a >= 1e6) return `${DEC.format(n / 1e6)} m`;
  if (a >= 1e3) return `${DEC.format(n / 1e3)} k`;
  return INT.format(n);
}

export function when(d: Date | string | null | undefined): string {
  if (!d) return "never";
  return new Date(d)
    .toISOString()
    .replace("T", " ")
    .replace(/:\d\d(\.\d+)?Z$/, " UTC");
}
