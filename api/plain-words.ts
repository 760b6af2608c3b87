/**
 * Operational text in words a person understands: crawl schedules from their cron patterns, and
 * failure reasons from raw error text. Pure; shared by the pages and the API.
 */

const DAYS = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"];
const MONTH = new Intl.DateTimeFormat("en", { month: "long", timeZone: "UTC" });
const monthName = (m: number) => MONTH.format(new Date(Date.UTC(2000, m - 1, 1)));

const pad = (n: number) => String(n).padStart(2, "0");
const listWords = (xs: string[]) => (xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);
const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;

/** "1,3" / "1-5" / "7" as numbers; null for anything else (steps, names). */
function values(field: string, min: number, max: number): number[] | null {
  const out: number[] = [];
  for (const part of field.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (a < min || b > max || a > b) return null;
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

/**
 * A five-field cron pattern in words, as the sources use them (fixed minute and hour, days of
 * the week or of the month); anything else is shown as the pattern itself. Times are UTC (the
 * scheduler runs in UTC).
 * @example scheduleInWords("0 6 * * 6") // "Saturdays at 06:00 UTC"
 * @example scheduleInWords("30 2 1 * *") // "on the 1st of each month at 02:30 UTC"
 */
export function scheduleInWords(cron: string | null | undefined): string {
  if (!cron) return "not scheduled (run by hand)";
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return `cron "${cron}"`;
  const [min, hour, dom, month, dow] = f;
  const m = values(min, 0, 59);
  const h = values(hour, 0, 23);
  if (!m || !h || m.length !== 1)
    return hour === "*" && /^\d+$/.test(min) ? `every hour at minute ${min}` : `cron "${cron}"`;
  const at = `at ${listWords(h.map((x) => `${pad(x)}:${pad(m[0])}`))} UTC`;
  const months = month === "*" ? null : values(month, 1, 12);
  if (month !== "*" && !months) return `cron "${cron}"`;
  const inMonths = months ? ` in ${listWords(months.map((x) => monthName(x)))}` : "";
  if (dom === "*" && dow === "*") return `every day${inMonths} ${at}`;
  if (dom === "*") {
    const d = values(dow.replace(/\b7\b/g, "0"), 0, 6);
    if (!d) return `cron "${cron}"`;
    const days = d.length === 5 && [1, 2, 3, 4, 5].every((x) => d.includes(x)) ? ["Weekdays"] : d.map((x) => DAYS[x]);
    return `${listWords(days)}${inMonths} ${at}`;
  }
  const d = dow === "*" ? values(dom, 1, 31) : null;
  if (!d) return `cron "${cron}"`;
  return (
    `on the ${listWords(d.map(ordinal))} of ` +
    `${months ? listWords(months.map((x) => monthName(x))) : "each month"} ${at}`
  );
}

const REASONS: Array<[RegExp, string]> = [
  [
    new RegExp(
      String.raw`ENOTFOUND|EAI_AGAIN|getaddrinfo|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ECONNRESET|` +
        String.raw`socket hang up|fetch failed|unreachable|network`,
      "i",
    ),
    "host unreachable",
  ],
  [/robots[^ ]* .*(disallow|forbid)|disallowed .*robots\.txt|robots-disallowed/i, "robots.txt forbids it"],
  [/timed? ?out|ETIMEDOUT|TimeoutError|deadline/i, "timed out"],
  [/certificate|CERT_|SSL|TLS|self[- ]signed/i, "TLS certificate problem"],
  [/\b401\b|\b407\b|unauthori[sz]ed/i, "refused: credentials needed (401)"],
  [/\b404\b|\b410\b|not[- ]found/i, "page not found (404)"],
  [/\b429\b|too many requests/i, "rate limited by the site (429)"],
  [/\b5\d\d\b|server error/i, "the site's server failed (5xx)"],
  [/\b403\b|forbidden/i, "access refused (403)"],
  [/too large|max ?bytes|size cap/i, "document too large"],
  [/redirect/i, "too many redirects"],
  [/not allowed|host-not-allowed/i, "link to a host the source does not allow"],
  [/empty|bad[- ]content|not a pdf|sniff/i, "not a readable document"],
  [/sources file|config/i, "configuration problem"],
];

/**
 * The reason a crawl or fetch failed, in a few words, from its raw error text; the raw text stays
 * available for the maintainer. Network errors are named before robots.txt, since an unreachable
 * host also makes its robots.txt unreadable.
 * @example failureReason("https://x.org/robots.txt could not be read (server error or unreachable); ...")
 *   // "host unreachable"
 */
export function failureReason(raw: string | null | undefined): string | null {
  if (!raw) return null;
  for (const [re, words] of REASONS) if (re.test(raw)) return words;
  return "failed (see the details)";
}
