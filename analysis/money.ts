import { NUMBER, NUMBER_WORD, parseNumber, wordValue } from "./numbers.ts";
import { createClaims } from "./spans.ts";

/** An amount of money found in normalised (lower-case, accent-folded) text. */
export interface MoneyMention {
  start: number;
  end: number;
  value: number;
  valueMax?: number;
  currency: string;
  perYear: boolean;
}

// Scale words, longest first ("mil millones" before "mil", "millones" before "m").
const SCALES: Array<[string, number]> = [
  ["mil millones", 1e9],
  ["mil milhoes", 1e9],
  ["thousand million", 1e9],
  ["billions", 1e9],
  ["billion", 1e9],
  ["milliards", 1e9],
  ["milliard", 1e9],
  ["bilhoes", 1e9],
  ["bilhao", 1e9],
  ["bilioes", 1e9],
  ["biliao", 1e9],
  ["bn", 1e9],
  ["millions", 1e6],
  ["million", 1e6],
  ["millones", 1e6],
  ["millon", 1e6],
  ["milhoes", 1e6],
  ["milhao", 1e6],
  ["mn", 1e6],
  ["m", 1e6],
  ["thousands", 1e3],
  ["thousand", 1e3],
  ["milliers", 1e3],
  ["mille", 1e3],
  ["miles", 1e3],
  ["mil", 1e3],
  ["k", 1e3],
  ["crores", 1e7],
  ["crore", 1e7],
  ["lakhs", 1e5],
  ["lakh", 1e5],
];
const SCALE = `(?:${SCALES.map(([w]) => w.replace(/ /g, " ")).join("|")})(?![a-z])`;
const scaleValue = (s: string | undefined) => (s ? (SCALES.find(([w]) => w === s.replace(/\s+/g, " "))?.[1] ?? 1) : 1);

// Currency written before the number.
const PREFIX =
  String.raw`us\s?\$|u\.s\.\s?\$|inr|(?<![a-z])rs\.?(?=\s?\d)|\$\s?us|usd|(?<![a-z])\$|€|` +
  String.raw`eur(?![a-z])|chf|sfr\.?|swf|£|gbp|¥|jpy|cny|rmb|r\$|brl|mxn|clp|zar|krw|sar(?=\s?\d)`;
// Currency written after the number (after "de", "d'", "of" in the Romance languages).
const SUFFIX =
  String.raw`united states dollars|us dollars|u\.s\.\s?dollars|` +
  String.raw`dollars? des etats[\s-]unis(?: d'amerique)?|dollars? (?:us|americains)|` +
  String.raw`dolares(?: de los estados unidos(?: de america)?| estadounidenses| americanos| dos estados unidos|` +
  String.raw` norte-americanos| (?:de )?(?:los )?ee\.?\s?uu\.?)?|dollars?|usd|us\$|euros?|eur|francs suisses|` +
  String.raw`swiss francs|francos suizos|chf|renminbi|yuan|rmb|yen|reais|rupees|inr|rupias|pesos (?:mexicanos|` +
  String.raw`chilenos|colombianos|argentinos)|mexican pesos|chilean pesos|colombian pesos|argentine pesos|mxn|` +
  String.raw`clp|cop|ars|rand|zar|south african rand|krw|saudi riyals|riyals`;
const OF = String.raw`(?:\s(?:de\s|d'\s?|of\s)?|\s?d'\s?)`;

const AMOUNT = `(${NUMBER})(?:[\\s-]?(${SCALE}))?`;
const RANGE_TAIL = `(?:\\s?(?:-|to|a|à)\\s?(?:${PREFIX})?\\s?(${NUMBER})(?:\\s?(${SCALE}))?)?`;
const PREFIX_AGAIN = new RegExp(`(?:${PREFIX})`);
const PREFIXED = new RegExp(`(${PREFIX})\\s?${AMOUNT}${RANGE_TAIL}(?:${OF}(${SUFFIX})(?![a-z]))?`, "g");
const SUFFIXED = new RegExp(`(?<![a-z$€£¥])${AMOUNT}${RANGE_TAIL}${OF}(${SUFFIX})(?![a-z])`, "g");
const WORDED = new RegExp(`(?<![a-z])(${NUMBER_WORD})\\s(${SCALE})${OF}(${SUFFIX})(?![a-z])`, "g");
const BARE_PART = new RegExp(
  `\\b(?:of which|dont|de los cuales|de las cuales|dos quais|das quais|including)\\s+(?:some |about |approximately |` +
    `environ |unos |cerca de )?(${NUMBER})\\s?(${SCALE})(?=\\s*(?:[,.;:)]|$)|\\s(?:was|were|is|are|went|came|` +
    `for|from|to|in|by|financ[a-z]*|provided|allocated|earmarked|pour|par|provenant|para|por|fue|fueron|foi|` +
    `foram|est|sont|allou[a-z]*|destin[a-z]*|aportad[a-z]*)(?![a-z]))`,
  "gd",
);
const CURRENCY_HINT = new RegExp(
  String.raw`[$€£¥]|usd|eur|chf|swf|dollar|dolar|franc|yuan|rmb|renminbi|yen|reais|brl|gbp|jpy|cny|inr|` +
    String.raw`rs\.? ?\d|rupee|rupia|peso|riyal|\b(?:mxn|clp|cop|ars|rand|zar|krw|sar)\b`,
);
const SCALE_HINT = /mil|bil|thousand|bn|mn|crore|lakh/;
const PER_YEAR = new RegExp(
  String.raw`^[\s,]*(?:per (?:year|annum)|a year|annually|each year|par an|annuels?|por ano|por año|al año|` +
    String.raw`anuales?|anuais|ao ano)`,
);

/**
 * ISO 4217 code for a currency written in a text ("$" in UN texts is USD).
 * @example currencyCode("dollars des etats-unis") // => "USD"
 */
export function currencyCode(written: string): string {
  const w = written.toLowerCase();
  if (/€|eur/.test(w)) return "EUR";
  if (/chf|sfr|swf|franc/.test(w)) return "CHF";
  if (/mxn|mexican/.test(w)) return "MXN";
  if (/clp|chilen/.test(w)) return "CLP";
  if (/^cop$|colombian/.test(w)) return "COP";
  if (/^ars$|argentin/.test(w)) return "ARS";
  if (/zar|rand/.test(w)) return "ZAR";
  if (/krw/.test(w)) return "KRW";
  if (/sar|riyal/.test(w)) return "SAR";
  if (/£|gbp/.test(w)) return "GBP";
  if (/¥|jpy|yen/.test(w)) return "JPY";
  if (/cny|rmb|renminbi|yuan/.test(w)) return "CNY";
  if (/r\$|brl|reais/.test(w)) return "BRL";
  if (/inr|^rs\.?$|rupee|rupia/.test(w)) return "INR";
  return "USD";
}

interface Parts {
  num: string;
  scale?: string;
  num2?: string;
  scale2?: string;
  currency: string;
}

function toMention(m: RegExpExecArray, p: Parts, lang: string, text: string): MoneyMention | null {
  const scale = scaleValue(p.scale2 ?? p.scale);
  const first = p.scale ?? p.scale2;
  const value = parseNumber(p.num, lang, Boolean(first)) * scaleValue(first);
  if (!Number.isFinite(value) || value <= 0) return null;
  // A bare "m" or "k" after a number needs a currency before it to be a scale.
  const end = m.index + m[0].length;
  const mention: MoneyMention = {
    start: m.index,
    end,
    value,
    currency: currencyCode(p.currency),
    perYear: PER_YEAR.test(text.slice(end, end + 20)),
  };
  if (p.num2) {
    const max = parseNumber(p.num2, lang, Boolean(p.scale2)) * scale;
    // "US$ 39 million to 35 projects" is no range: keep the amount, drop the tail.
    // "from US$ 300,000 to US$ 500,000": both ends carry a currency, so they are two amounts.
    const secondCurrency = PREFIX_AGAIN.test(m[0].slice(m[0].indexOf(p.num) + p.num.length));
    if (Number.isFinite(max) && max > value && !(p.scale && !p.scale2) && !secondCurrency) mention.valueMax = max;
    else {
      const head = new RegExp(`^.*?${p.num.replace(/[.$]/g, "\\$&")}(?:\\s?${SCALE})?`).exec(m[0]);
      if (head) mention.end = m.index + head[0].length;
      mention.perYear = PER_YEAR.test(text.slice(mention.end, mention.end + 20));
    }
  }
  return mention;
}

/**
 * Finds amounts of money in lower-case, accent-folded text (see normalize()).
 * @example findMoney("us$ 3,2 milhoes em 2023", "pt")[0].value // => 3200000
 */
export function findMoney(lower: string, lang = "en"): MoneyMention[] {
  const out: MoneyMention[] = [];
  if (!CURRENCY_HINT.test(lower)) return out;
  const claims = createClaims(0, lower.length);
  const taken = (s: number, e: number) => claims.overlaps(s, e);
  const push = (m: RegExpExecArray, p: Parts) => {
    if (taken(m.index, m.index + m[0].length)) return;
    const mention = toMention(m, p, lang, lower);
    if (!mention) return;
    claims.claim(mention.start, mention.end);
    out.push(mention);
  };
  // Resume after the amount kept, not after the whole match: a dropped range tail may hold the next amount.
  const re = PREFIXED;
  re.lastIndex = 0;
  for (let m = re.exec(lower); m; m = re.exec(lower)) {
    const before = out.length;
    push(m, { currency: m[1], num: m[2], scale: m[3], num2: m[4], scale2: m[5] });
    const kept = out.length > before ? out[out.length - 1].end : m.index + m[0].length;
    re.lastIndex = Math.max(m.index + 1, kept);
  }
  for (const m of lower.matchAll(SUFFIXED))
    push(m, { num: m[1], scale: m[2], num2: m[3], scale2: m[4], currency: m[5] });
  if (!SCALE_HINT.test(lower)) return out.sort((a, b) => a.start - b.start);
  // "$1.8 million, of which 0.9 million from the Bank": a scaled part without currency takes the whole's.
  for (const m of lower.matchAll(BARE_PART)) {
    const start = m.indices![1][0];
    const end = m.index + m[0].length;
    const whole = out.filter((o) => o.end <= m.index && m.index - o.end < 80).pop();
    if (!whole || taken(start, end)) continue;
    const value = parseNumber(m[1], lang, true) * scaleValue(m[2]);
    if (!Number.isFinite(value) || value <= 0) continue;
    claims.claim(start, end);
    out.push({ start, end, value, currency: whole.currency, perYear: PER_YEAR.test(lower.slice(end, end + 20)) });
  }
  for (const m of lower.matchAll(WORDED)) {
    const n = wordValue(m[1]);
    if (n && !taken(m.index, m.index + m[0].length)) {
      const end = m.index + m[0].length;
      claims.claim(m.index, end);
      out.push({
        start: m.index,
        end,
        value: n * scaleValue(m[2]),
        currency: currencyCode(m[3]),
        perYear: PER_YEAR.test(lower.slice(end, end + 20)),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
