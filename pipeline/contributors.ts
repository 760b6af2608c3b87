/**
 * Who gave the money, when the sentence says so ("The Government of China contributed EUR 2
 * million", "India pledged $1 million"): read from the text just before a contribution or pledge,
 * for the trust-fund table's contributors column. Conservative: a country or "Government of X"
 * in the same sentence, else nothing.
 */

const COUNTRIES = [
  "Algeria",
  "Argentina",
  "Australia",
  "Austria",
  "Bangladesh",
  "Belgium",
  "Brazil",
  "Canada",
  "Chile",
  "China",
  "Colombia",
  "Cuba",
  "Denmark",
  "Egypt",
  "Finland",
  "France",
  "Germany",
  "Ghana",
  "India",
  "Indonesia",
  "Ireland",
  "Italy",
  "Japan",
  "Kenya",
  "Kuwait",
  "Luxembourg",
  "Malaysia",
  "Mexico",
  "Morocco",
  "Netherlands",
  "New Zealand",
  "Nigeria",
  "Norway",
  "Pakistan",
  "Peru",
  "Philippines",
  "Portugal",
  "Qatar",
  "Republic of Korea",
  "Russian Federation",
  "Saudi Arabia",
  "Singapore",
  "South Africa",
  "Spain",
  "Sweden",
  "Switzerland",
  "Thailand",
  "Tunisia",
  "Türkiye",
  "Turkey",
  "United Arab Emirates",
  "United Kingdom",
  "United States",
  "Venezuela",
  "Viet Nam",
];
const COUNTRY = new RegExp(`\\b(${COUNTRIES.map((c) => c.replace(/ /g, "\\s+")).join("|")})\\b`, "g");
const GOVERNMENT = new RegExp(
  String.raw`\b(?:Government|Gobierno|Gouvernement|Governo)\s+(?:of|de|du|da|do)\s+(?:the\s+|la\s+|` +
    String.raw`el\s+)?([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})`,
  "g",
);

/**
 * The contributors named before an amount in its sentence (a government, else the countries).
 * @example contributorsBefore("The Government of China contributed EUR 2 million", 36) // => ["China"]
 */
export function contributorsBefore(text: string, at: number): string[] {
  const sentenceStart = Math.max(text.lastIndexOf(". ", at) + 1, text.lastIndexOf("\n", at) + 1, at - 200, 0);
  const before = text.slice(sentenceStart, at);
  const clean = (m: RegExpMatchArray) => m[1].replace(/\s+/g, " ");
  const governments = [...before.matchAll(GOVERNMENT)].map(clean);
  const names = governments.length ? governments : [...before.matchAll(COUNTRY)].map(clean);
  return [...new Set(names)];
}
