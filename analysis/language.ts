/** Frequent function words that tell the four working languages apart. */
const STOPWORDS: Record<string, string[]> = {
  en: ["the", "and", "of", "to", "in", "is", "for", "with", "that", "by", "was", "has", "from", "which", "will", "are"],
  fr: ["le", "les", "des", "du", "et", "est", "une", "pour", "dans", "au", "aux", "sur", "qui", "par", "ont", "sera"],
  es: ["el", "los", "las", "del", "y", "es", "para", "con", "por", "una", "que", "se", "al", "su", "como", "sus"],
  pt: ["o", "os", "do", "da", "dos", "das", "e", "para", "com", "uma", "em", "no", "na", "que", "ao", "pelo"],
};

const WEIGHTS = new Map<string, Map<string, number>>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const w of words) {
    const m = WEIGHTS.get(w) ?? new Map<string, number>();
    m.set(lang, 1);
    WEIGHTS.set(w, m);
  }
}
/** Words that only one of the Romance languages writes. */
const MARKERS: Array<[RegExp, string]> = [
  [/ção|ções|ão\b|õe/g, "pt"],
  [/ción|ciones|ñ/g, "es"],
  [/é[es]?\b|è|ê|à\b|\bd'|\bl'|ç(?!ã)/g, "fr"],
];

/**
 * Detects the language of a passage among en, fr, es and pt (default "en").
 * @example detectLanguage("La coopération Sud-Sud est une priorité") // => "fr"
 */
export function detectLanguage(text: string): string {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  const score: Record<string, number> = { en: 0, fr: 0, es: 0, pt: 0 };
  for (const w of sample.toLowerCase().match(/[a-zà-ÿ]+/g) ?? []) {
    const m = WEIGHTS.get(w);
    if (m) for (const lang of m.keys()) score[lang] += 1;
  }
  for (const [re, lang] of MARKERS) score[lang] += (sample.match(re)?.length ?? 0) * 0.5;
  let best = "en";
  for (const lang of Object.keys(score)) if (score[lang] > score[best]) best = lang;
  return best;
}
