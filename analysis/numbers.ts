/** Number words up to twenty and the tens, in the four working languages (accent-folded). */
const WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  vingt: 20,
  trente: 30,
  cent: 100,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  veinte: 20,
  treinta: 30,
  cien: 100,
  um: 1,
  uma: 1,
  dois: 2,
  duas: 2,
  quatro_: 4,
  sete: 7,
  oito: 8,
  nove: 9,
  dez: 10,
  doze: 12,
  treze: 13,
  quinze_: 15,
  vinte: 20,
  trinta: 30,
};
delete WORDS.quatro_;
delete WORDS.quinze_;

/** Regex source for a number word (lower-case, accent-folded text). */
export const NUMBER_WORD = groupedAlternation(Object.keys(WORDS));

/** "(?:t(?:hirteen|wenty|hree|wo|en)|...)": words grouped by first letter, longest first within a group. */
function groupedAlternation(words: string[]): string {
  const groups = new Map<string, string[]>();
  for (const w of [...words].sort((a, b) => b.length - a.length)) {
    const g = groups.get(w[0]);
    if (g) g.push(w.slice(1));
    else groups.set(w[0], [w.slice(1)]);
  }
  return `(?:${[...groups].map(([c, rests]) => `${c}(?:${rests.join("|")})`).join("|")})`;
}

/**
 * Value of a number word, or undefined.
 * @example wordValue("dos") // => 2
 */
export function wordValue(word: string): number | undefined {
  return WORDS[word.toLowerCase()];
}

/**
 * Regex source for a written number: 1,234.5 / 1.234,5 / 1 234,5 / 1234 / 0.7.
 * Spaces (NBSP already folded to space) may separate groups of three digits.
 */
export const NUMBER =
  String.raw`(?<![\d.,])\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?: ` +
  String.raw`\d{3})+)(?:[.,]\d+)?(?![\d])|(?<![\d.,])\d+(?:[.,]\d+)?(?!\d)`;

/**
 * Parses a written number. A lone "." or "," followed by exactly three digits is a thousands
 * separator, unless a scale word follows (`scaled`) and it is the language's decimal mark
 * ("1.250 million" in English, "1,250 millions" in French).
 * @example parseNumber("1.486.300", "es") // => 1486300
 * @example parseNumber("3,2", "pt") // => 3.2
 * @example parseNumber("35.000", "es") // => 35000
 */
export function parseNumber(s: string, lang = "en", scaled = false): number {
  const t = s.replace(/ /g, "");
  const lastDot = t.lastIndexOf(".");
  const lastComma = t.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? "." : ",";
    const thou = dec === "." ? "," : ".";
    return Number(t.split(thou).join("").replace(dec, "."));
  }
  const sep = lastDot >= 0 ? "." : lastComma >= 0 ? "," : "";
  if (!sep) return Number(t);
  const parts = t.split(sep);
  const groupsOfThree = parts.slice(1).every((p) => p.length === 3);
  if (parts.length > 2 && groupsOfThree) return Number(parts.join(""));
  if (parts.length > 2) return NaN;
  const decimalMark = lang === "en" ? "." : ",";
  if (groupsOfThree && !(scaled && sep === decimalMark)) return Number(parts.join(""));
  return Number(parts.join("."));
}
