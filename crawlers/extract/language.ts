/**
 * The language of a document's text, among those the analysis reads (English, French, Spanish,
 * Portuguese), by counting each language's most frequent function words. Crude but sturdy on
 * whole pages; the analyzer has its own per-passage detection. Only the crawl uses this one, to
 * label a version's language.
 */

export type Language = "en" | "fr" | "es" | "pt";

const STOP_WORDS: Record<Language, string[]> = {
  en: [
    "the",
    "and",
    "of",
    "to",
    "in",
    "is",
    "for",
    "that",
    "with",
    "on",
    "are",
    "by",
    "this",
    "be",
    "from",
    "was",
    "which",
    "have",
    "has",
    "its",
    "it",
    "an",
    "at",
    "or",
    "not",
    "were",
    "their",
    "will",
    "been",
  ],
  fr: [
    "le",
    "la",
    "les",
    "des",
    "du",
    "et",
    "est",
    "une",
    "dans",
    "pour",
    "que",
    "qui",
    "sur",
    "au",
    "aux",
    "par",
    "avec",
    "ce",
    "ces",
    "sont",
    "pas",
    "été",
    "leur",
    "ou",
    "mais",
    "être",
    "cette",
    "il",
    "un",
  ],
  es: [
    "el",
    "la",
    "los",
    "las",
    "del",
    "y",
    "es",
    "una",
    "en",
    "por",
    "con",
    "para",
    "que",
    "se",
    "al",
    "como",
    "sus",
    "más",
    "este",
    "esta",
    "ser",
    "fue",
    "han",
    "entre",
    "sobre",
    "también",
    "lo",
    "un",
  ],
  pt: [
    "o",
    "os",
    "do",
    "da",
    "dos",
    "das",
    "e",
    "é",
    "um",
    "uma",
    "em",
    "na",
    "nos",
    "nas",
    "por",
    "com",
    "para",
    "que",
    "se",
    "ao",
    "não",
    "são",
    "mais",
    "foi",
    "pelo",
    "pela",
    "também",
    "ou",
    "seu",
  ],
};

const LOOKUP: Map<string, Language[]> = (() => {
  const map = new Map<string, Language[]>();
  for (const [lang, words] of Object.entries(STOP_WORDS) as [Language, string[]][]) {
    for (const word of words) map.set(word, [...(map.get(word) ?? []), lang]);
  }
  return map;
})();

/** Enough text is read to decide; more only costs time. */
const MAX_CHARS = 20_000;
/** Below this many function words the text is too short (a title, a table) to say. */
const MIN_HITS = 3;

/**
 * Returns the language whose function words are most frequent, or null when the text is too
 * short or two languages tie.
 * @example detectLanguage("Le budget de l'unité est financé par des contributions") // "fr"
 * @example detectLanguage("Table 3") // null
 */
export function detectLanguage(text: string): Language | null {
  const scores: Record<Language, number> = { en: 0, fr: 0, es: 0, pt: 0 };
  for (const token of text
    .slice(0, MAX_CHARS)
    .toLowerCase()
    .match(/\p{L}+/gu) ?? []) {
    for (const lang of LOOKUP.get(token) ?? []) scores[lang] += 1;
  }
  const ranked = (Object.entries(scores) as [Language, number][]).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_HITS || (second && second[1] === best[1])) return null;
  return best[0];
}
