import type { Span } from "./segment.ts";
import type { Anchor } from "./vocabulary.ts";

/**
 * Scope: which subject a quantity belongs to when its own sentence names no SSTC anchor.
 * Whole documents mix subjects in one paragraph ("adjusted for the contribution to the Resident
 * Coordinator system of $10.6 million"); a quantity only inherits the SSTC subject from the
 * sentences before it when nothing else has been named in between.
 */

/** Head nouns of organisational names: "Ethics Office", "Fund for Responding to Loss and Damage". */
const ORGANISATION_HEADS =
  "Office|Bureau|Division|Department|Section|Unit|Fund|Facility|Programme|Program|System|system|Conference|Bank|" +
  "Association|Commission|Committee|Council|Secretariat|Agency|Organization|Organisation|Alliance|Forum|" +
  "Centre|Center|Institute|Board|Mechanism|Initiative|Platform|Partnership|Group|Service";
const CAP = String.raw`[A-Z][A-Za-z'-]*\d*`;
const LINK = String.raw`(?:of|for|on|and|the|to|de|des|du|la|le|del|para|pour|da|do)`;
/** "Ethics Office", "Resident Coordinator system", "Office of Audit and Investigations". */
const ORG_NAME = new RegExp(
  String.raw`\b(?:${CAP}[ \t\n]+(?:${LINK}[ \t\n]+)?){1,5}(?:${ORGANISATION_HEADS})\b|` +
    String.raw`\b(?:${ORGANISATION_HEADS})[ \t\n]+(?:for|of|on|pour|de|para)[ \t\n]+(?:the[ \t\n]+)?${CAP}`,
  "g",
);
/** Acronyms and programme codes ("UNDP", "UNCDF", "TRAC-1"); not currency, grade or numbering codes. */
const ACRONYM = /\b[A-Z]{2,}(?:-\d+)?\b/g;
const NOT_A_NAME = new Set(
  (
    "USD US UN EU EUR CHF GBP JPY CNY RMB BRL INR MXN ZAR USG ASG GS OL PL FS LL NO NPO SG II III IV VI VII VIII IX " +
    "XI XII " +
    "FY GDP GNI ODA HIV AIDS COVID SDG SDGS MDG LDC LDCS SIDS LLDC LLDCS ICT AI PDF TA RL"
  ).split(" "),
);

export interface Name extends Span {
  name: string;
}

/**
 * Organisation names and acronyms in [from, to) of the case-preserved text that no SSTC anchor
 * covers: the other subjects a sentence may speak of.
 * @example otherNames("adjusted for the Resident Coordinator system of", 0, 46, [])[0].name
 *   // => "Resident Coordinator system"
 */
export function otherNames(text: string, from: number, to: number, anchors: Anchor[]): Name[] {
  const slice = text.slice(from, to);
  const covered = (s: number, e: number) =>
    anchors.some((a) => a.kind !== "negative" && a.start < e && a.end > s && a.kind !== "anaphor");
  const out: Name[] = [];
  for (const re of [ORG_NAME, ACRONYM]) {
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      const start = from + m.index;
      const end = start + m[0].length;
      if (re === ACRONYM && NOT_A_NAME.has(m[0].replace(/-\d+$/, ""))) continue;
      // "The Fund", "This Office": a determiner and the head alone name nothing new.
      if (re === ORG_NAME && /^(?:The|This|That|Its|Their|Our|Each|Every|A|An|In|For)\s+\S+$/.test(m[0])) continue;
      if (covered(start, end)) continue;
      out.push({ start, end, name: m[0].replace(/\s+/g, " ") });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Where a sentence's subject name starts: after a paragraph number, a short opening phrase, an article. */
const SUBJECT = new RegExp(
  String.raw`^(?:\(?\d{1,3}[.)]\s+|\(?[a-z][.)]\s+)?(?:[^,.;]{0,30},\s+)?(?:The\s+|the\s+|L'|La\s+|Le\s+|` +
    String.raw`El\s+|Los\s+|O\s+|A\s+)?((?:${CAP}\s+(?:${LINK}\s+)?){0,5}(?:${ORGANISATION_HEADS})` +
    String.raw`\b(?:\s+(?:for|of|pour|de|para)\s+(?:the\s+)?(?:${CAP}\s*)+)?)`,
);

/**
 * The name that opens a sentence when it has an organisational head ("The Ethics Office supports ..."),
 * or null. "The Fund" alone is an anaphor, not a name.
 * @example subjectName("10. The Ethics Office supports staff.", 0)?.name // => "Ethics Office"
 */
export function subjectName(text: string, sentenceStart: number): Name | null {
  const m = SUBJECT.exec(text.slice(sentenceStart, sentenceStart + 200));
  if (!m?.[1]) return null;
  const name = m[1].trim();
  if (!/\s/.test(name)) return null;
  const start = sentenceStart + m.index + m[0].length - m[1].length;
  return { start, end: start + name.length, name };
}

/** Head noun of an anaphor ("the Fund" → "fund"). */
export function anaphorHead(phrase: string): string {
  const words = phrase.toLowerCase().split(/\s+/);
  return words[words.length - 1];
}

const HEAD_GROUPS: Array<[RegExp, RegExp]> = [
  [/^(?:fund|fondo|fonds|fundo)$/, /\b(?:Fund|Fondo|Fonds|Fundo)\b/i],
  [/^(?:facility|mecanisme|mecanismo|facilite)$/, /\b(?:Facility|Mecanisme|Mecanismo|Facilite)\b/i],
  [/^(?:office|bureau|escritorio)$/, /\b(?:Office|Bureau|Escritorio)\b/i],
  [/^(?:programme|program|programa)$/, /\b(?:Programme|Program|Programa)\b/i],
  [/^(?:unit|groupe|unidade|section|servicio)$/, /\b(?:Unit|Groupe|Unidade|Section|Servicio|Dependencia)\b/i],
  [/^(?:centre|center|centro)$/, /\b(?:Centre|Center|Centro)\b/i],
];

/**
 * Which group of head nouns an anaphor's head belongs to ("fund" → the fund group), or -1.
 * @example headGroup("office") >= 0 // => true
 */
export function headGroup(head: string): number {
  return HEAD_GROUPS.findIndex(([h]) => h.test(head));
}

/**
 * The head-noun groups a name could be referred to by ("Ethics Office" → the office group).
 * @example nameGroups("Ethics Office").includes(headGroup("office")) // => true
 */
export function nameGroups(name: string): number[] {
  const out: number[] = [];
  HEAD_GROUPS.forEach(([, re], i) => {
    if (re.test(name)) out.push(i);
  });
  return out;
}
