import { GRADE, canonicalGrade, gradeStarts, isGradeCase } from "./grades.ts";
import { NUMBER_WORD, wordValue } from "./numbers.ts";
import { createClaims } from "./spans.ts";

/** A count of posts or people found in normalised text. */
export interface StaffMention {
  start: number;
  end: number;
  count: number;
  grade: string | null;
  period?: string | null;
  /** A field of a form ("Post Level: D-2"): its scope is the record, like a table row. */
  form?: boolean;
}

// Any short word may be a number word: checked by wordValue() afterwards, which is much
// cheaper for the regex engine than an alternation of every number word.
// "seven (7)", "Twenty Four (24)": a number in words doubled in figures is one count.
const FIGURES = String.raw`\d{1,3}(?:,\d{3}|[ .]\d{3}(?![\d.,]))?`;
const COUNT = `((?:${FIGURES}|${NUMBER_WORD}(?:[ -]${NUMBER_WORD})?)(?:\\s?\\(\\d{1,4}\\))?)`;
const POST =
  String.raw`(?:posts?|positions?|postes?|puestos?|plazas?|postos?|cargos?|staff(?: members)?|` +
  String.raw`personnel|ftes?|full-time equivalents?|fonctionnaires?|funcionari[oa]s?|servidor(?:es)?)(?![a-z-])`;
const PEOPLE =
  String.raw`(?:experts?|technicians?|specialists?|advisers?|advisors?|consultants?|` +
  String.raw`consultor(?:es|as?)?|volunteers?|expertos?|expertas?|tecnicos?|especialistas?|asesores?|` +
  String.raw`techniciens?|conseillers?|peritos?|agronomists?|agronomes?|agronomos?|cooperants?|` +
  String.raw`cooperantes?)(?![a-z])`;
const QUAL =
  String.raw`(?:(?!(?:of|from|in|per|and|or|to|the|de|des|du|la|le|los|las|y|et|e|en|em|par|por|` +
  String.raw`for|with)\s)[a-z-]{2,20}\s){0,2}`;
const ARTICLES = new Set(["a", "an", "un", "une", "uno", "una", "um", "uma"]);
// A leading \b lets V8 jump to word starts (a count starts with a word character).
const B = "\\b(?<![.,-])";

const WITH_GRADE =
  String.raw`(?:(?:additional|new|temporary|single|sole|dedicated|full-time|nouveaux|` +
  String.raw`nouveau|nuevos?|nuevas?|novos?|novas?)\s+)?(?:posts? (?:of|` +
  String.raw`at the)\s+)?\(?(${GRADE})\)?(?:\s+(?:level\s+)?(${POST}))?`;
const POST_ADJ =
  String.raw`(?:\s+(?:temporari[oa]s?|temporales?|temporaires?|temporary|adicionales?|` +
  String.raw`supplementaires?|additional|nuevos?|nouveaux|permanentes?|de plantilla|de duree determinee))?`;
const POST_THEN_GRADE =
  String.raw`${QUAL}(${POST})${POST_ADJ}\s+(?:(?:at|of) the\s+|de (?:la )?(?:classe |` +
  String.raw`categoria )?|d'\s?|a nivel de\s+|de nivel\s+|do nivel\s+)?\(?(${GRADE})\)?(?:\s+level)?`;
const TITLE_THEN_GRADE =
  String.raw`(?:(?:post|poste|puesto|posto) (?:of|d'|` + String.raw`de)\s?)?(?:[a-z][a-z-]+\s){1,5}\((${GRADE})\)`;
// "a Chief at the D-1 level", "two officers at the P-3 level" (never "3 per cent at the P-4 level").
const TITLE_AT_LEVEL =
  String.raw`(?:(?!per\s|cent\s|percent\s|of\s)[a-z][a-z-]+\s){1,4}(?:at the|` + String.raw`at)\s+(${GRADE})\s+level`;
// One pass: at each position the first alternative that matches wins, in this order.
// The count is written once before the alternatives (much faster than one count per alternative).
const GRADED = new RegExp(
  `${B}${COUNT}\\s+(?:${POST_THEN_GRADE}|${WITH_GRADE}|${TITLE_THEN_GRADE}|${TITLE_AT_LEVEL})`,
  "g",
);
// "124 staff, eight of whom work on SSTC", "74 funcionarios, 21 de ellos ...": the part is a count of the same people.
const OF_WHOM = new RegExp(
  `${B}${COUNT}\\s+(?:of (?:whom|them)|de (?:ellos|ellas|eles|elas)|d'entre eux)(?![a-z])`,
  "g",
);
// "a staff of 70", "un effectif de 25 personnes", "una plantilla de 20 personas".
const STAFF_OF = new RegExp(
  `\\b(?<![a-z])(?:(?:staff|personnel|workforce|headcount|effectif|plantilla|quadro de pessoal)\\s+(?:of|de|d'|` +
    `numbered|numbering|totalled|totaled|stood at|amounted to)\\s?(\\d{1,4}|${NUMBER_WORD})(?:\\s+(?:people|` +
    `persons|personnes|personas|pessoas|staff members|members))?|(?:team|equipe|equipo)\\s+(?:of|de|` +
    `d')\\s?(\\d{1,4}|${NUMBER_WORD})\\s+(?:people|persons|personnes|personas|pessoas|staff(?: members)?|` +
    `members|professionals|professionnels|profesionales|profissionais|funcionari[oa]s|fonctionnaires))(?!\\d|` +
    `[.,]\\d)`,
  "g",
);
// "of whom 17 were in the Professional category", "dont 3 sont des administrateurs".
const WERE_GRADE = new RegExp(
  `${B}${COUNT}\\s+(?:were|are|was|is|etaient|sont|eran|son|eram|sao)\\s+(?:in\\s+)?(?:the\\s+|des\\s+|del\\s+|` +
    `de\\s+)?(${GRADE})(?:\\s+(?:category|level|staff|categorie|cuadro|categoria))?`,
  "g",
);
// "13 in the General Service category", "4 in the Professional and higher categories".
const IN_CATEGORY = new RegExp(`${B}${COUNT}\\s+in\\s+the\\s+(${GRADE})\\s+(?:categor(?:y|ies)|levels?)(?![a-z])`, "g");
/** A title's bracketed grade: "(P-3)", "(G6)", "(NO-B)", "(D1)". */
const PAREN_GRADE_HINT = /[a-z] \((?:[pd]-?[1-5]|g-?[1-7]|no-?[a-d]|gs|fs|asg|usg|npo)\)/;
const TITLE_PAREN = new RegExp(`${B}${COUNT}\\s+(?:[a-z][a-z-]+\\s){1,4}\\((${GRADE})\\)`, "g");
// "273 United Nations Volunteers": volunteers of the system-wide programme are not posts of an SSTC unit.
const UN_VOLUNTEERS =
  /\b(?:united nations|un|unv) volunteers?\b|\bvolontaires des nations unies\b|\bvoluntarios de las naciones unidas\b/;
// "Post Level :D-2", "Proposed Grade: P4", "Grade: G6" in a vacancy notice: one post of that grade
// (never the supervisor's grade, which is another post).
const LABELED = new RegExp(
  `(?<![a-z])(?:post level|proposed grade|grade level|post grade|grade|level|classe|categoria|nivel|` +
    `nivel del puesto)\\s*:\\s*(${GRADE})`,
  "g",
);
// "une vingtaine d'experts", "una veintena de tecnicos": an approximate count is a count.
const APPROX_WORDS: Record<string, number> = {
  dizaine: 10,
  douzaine: 12,
  quinzaine: 15,
  vingtaine: 20,
  trentaine: 30,
  cinquantaine: 50,
  centaine: 100,
  decena: 10,
  veintena: 20,
  centena: 100,
  dezena: 10,
};
const APPROX = new RegExp(
  `\\b(?:une |una |uma )?(${Object.keys(APPROX_WORDS).join("|")})\\s+(?:d'\\s?|de\\s+)${QUAL}(${PEOPLE}|${POST})`,
  "g",
);
// "Burkina Faso : 68 ont travaille sur terrain": people counted by the field work they did.
const FIELD_WORK = new RegExp(
  `${B}${COUNT}\\s+(?:ont travaille|ont ete (?:deployes|envoyes|detaches)|have worked|worked|were deployed|` +
    `were fielded|han trabajado|trabajaron|fueron desplegados|trabalharam|` +
    `foram destacados)\\s+(?:sur (?:le )?terrain|in the field|on the ground|en el terreno|sobre el terreno|` +
    `no terreno|em campo)`,
  "g",
);
const COUNT_ONLY = new RegExp(`${B}${COUNT}\\s+${QUAL}(${POST}|${PEOPLE})`, "g");
const NOT_STAFF_AFTER = new RegExp(
  String.raw`^\s*(?:participated|participants|trained|attended|took part|benefit|were trained|participaron|` +
    String.raw`ont participe|participaram|formes|capacitad)|^[^.;,]{0,35}?\b(?:participated|participaron|` +
    String.raw`participaram|ont participe|took part|attended|asistieron|were trained|fueron capacitad|` +
    String.raw`foram capacitad|ont ete formes|tomaron parte|participent|participan)\b`,
);
const GRADE_LIST_AFTER = new RegExp(`^\\s*[(\\[:,-]\\s*(?:\\d{1,3}|${NUMBER_WORD})\\s+(?:${GRADE})`);

// Cheap tests that let most windows skip the rarer patterns.
const WERE_HINT = new RegExp(
  String.raw`\b(?:were|are|was|is|etaient|sont|eran|son|eram|sao)\s+(?:in\s+)?(?:the\s+|des\s+|del\s+|` +
    String.raw`de\s+)?(?:professional|general|[pdg]-?\d|administrat|cuadro|servic|national|field|local|no-)`,
);
const OF_WHOM_HINT = /of (?:whom|them)|de (?:ell|el)[oa]s|d'entre eux/;
const HAS_GRADE = new RegExp(`\\b(?<![a-z0-9])${GRADE}`);

/** Words a staffing count hangs on; the patterns only run in windows around them. */
const HOOK = new RegExp(
  String.raw`\b(?:post|puest|cargo|staff|travaill|worked|trabaj|trabalh|cooperant|dizaine|douzaine|` +
    String.raw`quinzaine|vingtaine|trentaine|cinquantaine|centaine|decena|veintena|centena|dezena|team|equip|` +
    String.raw`personnel|workforce|headcount|effectif|plantilla|fte|full-time|fonctionnaire|funcionari|` +
    String.raw`expert|tecnic|technic|specialist|especialist|advis|asesor|consultant|volunteer|conseill|perit|` +
    String.raw`agronom|officer|administrat|cuadro|general service|servicios generales|services generaux|` +
    String.raw`servicos gerais|servico geral|professional|field service|local level|(?<![a-z])(?:[pd]-?[1-5]|` +
    String.raw`no-?[a-d]|gs|fs|ll|usg|asg|npo|g\s?\((?:ac|1c|pl|ol)\))(?![a-z]))`,
  "g",
);

/** "fewer than three staff" bounds a count; it does not state one. */
// "up to 3,000 experts" states a deployment (planned or done); only a bound below says nothing.
const UPPER_BOUND_BEFORE = /(?:fewer than|less than|no more than|moins de|menos de|menos que)\s+$/;

/** "12", "1 023", "seven", "Twenty Four (24)" (the figures win), "vingt-quatre". */
function countValue(s: string): number {
  const doubled = /\((\d{1,4})\)$/.exec(s);
  if (doubled) return Number(doubled[1]);
  if (/^\d/.test(s)) return Number(s.replace(/[,. ]/g, ""));
  const words = s.split(/[ -]/);
  const values = words.map((w) => wordValue(w));
  if (values.some((v) => v === undefined)) return NaN;
  // "twenty four" is 24; "one two" is no number.
  if (values.length === 2 && !(values[0]! >= 20 && values[0]! % 10 === 0 && values[1]! < 10)) return NaN;
  return values.reduce((a, b) => a! + b!, 0)!;
}

/** Spans of [from, to) around staffing hooks, widened to word boundaries and merged. */
function windows(lower: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const slice = lower.slice(from, to);
  HOOK.lastIndex = 0;
  for (let m = HOOK.exec(slice); m; m = HOOK.exec(slice)) {
    m.index += from;
    let s = Math.max(from, m.index - 90);
    while (s > from && lower[s - 1] !== " " && lower[s - 1] !== "\n") s--;
    const e = Math.min(to, m.index + m[0].length + 70);
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

const GRADED_AT = new RegExp(GRADED.source, "y");
const COUNT_AT = new RegExp(`${B}${COUNT}\\s`, "g");
/** How far after its count a graded pattern may name the grade. */
const GRADE_REACH = 200;

/**
 * The matches of GRADED in a window, as matchAll would give them, but tried only at counts with a
 * grade a little way after them: most counts of a text have none, and each try costs four patterns.
 */
function* gradedMatches(w: string, original: string): Generator<RegExpExecArray> {
  const grades = gradeStarts(w, original);
  if (!grades.length) return;
  let g = 0;
  COUNT_AT.lastIndex = 0;
  for (let c = COUNT_AT.exec(w); c; c = COUNT_AT.exec(w)) {
    while (g < grades.length && grades[g] <= c.index) g++;
    if (g >= grades.length) return;
    if (grades[g] - c.index > GRADE_REACH) continue;
    GRADED_AT.lastIndex = c.index;
    const m = GRADED_AT.exec(w);
    if (m) {
      yield m;
      COUNT_AT.lastIndex = Math.max(c.index + 1, m.index + m[0].length);
    } else COUNT_AT.lastIndex = c.index + 1;
  }
}

type Add = (
  m: RegExpExecArray,
  base: number,
  countStr: string,
  gradeStr: string | null,
  needsNoun: boolean,
  hasNoun: boolean,
) => void;

/**
 * Finds staffing counts in a span of normalised text: "two P-4 posts", "1 D-1", "2 G(AC)",
 * "three posts at the P-3 level", "62 experts". `text` is the case-preserved twin of `lower`.
 * @example findStaffing("two p-4 posts", "two P-4 posts", 0, 13)[0] // => {count: 2, grade: "P-4", ...}
 */
export function findStaffing(lower: string, text: string, from: number, to: number): StaffMention[] {
  const wins = windows(lower, from, to);
  const out: StaffMention[] = [];
  if (!wins.length) return out;
  const claims = createClaims(from, to);
  const add: Add = (m, base, countStr, gradeStr, needsNoun, hasNoun) => {
    const start = base + m.index;
    let end = start + m[0].length;
    // "(1 P-5, 2 General Service (Other level))": the list's closing bracket is not ours.
    if (m[0].endsWith(")") && (m[0].match(/\)/g)?.length ?? 0) > (m[0].match(/\(/g)?.length ?? 0)) end--;
    if (claims.overlaps(start, end)) return;
    const count = countValue(countStr);
    if (!Number.isFinite(count) || count <= 0 || count > 5000) return;
    if (UN_VOLUNTEERS.test(m[0])) return;
    if (ARTICLES.has(countStr) && needsNoun && !hasNoun) return;
    const grade =
      gradeStr === null ? null : checkedGrade(lower, text, start, m[0].indexOf(gradeStr), gradeStr, hasNoun);
    if (gradeStr !== null && !grade) return;
    claims.claim(start, end);
    out.push({ start, end, count, grade });
  };
  // "a National Officer (NO-B)", "two Ethics Specialists (P-3)": the grade in brackets is finer than
  // a title that is itself a category ("national officer"), so titles with a bracketed grade go first.
  for (const [ws, we] of wins) {
    const w = lower.slice(ws, we);
    if (PAREN_GRADE_HINT.test(w)) for (const m of w.matchAll(TITLE_PAREN)) add(m, ws, m[1], m[2], false, true);
  }
  for (const [ws, we] of wins) {
    const w = lower.slice(ws, we);
    for (const m of gradedMatches(w, text.slice(ws, we))) {
      // "two Professional staff (one P-4 and one P-3)": a category total before its breakdown.
      const gradeStr = m[3] ?? m[4] ?? m[6] ?? m[7];
      if (
        gradeStr &&
        /^[PDG]S?$|^NO$/.test(canonicalGrade(gradeStr) ?? "") &&
        GRADE_LIST_AFTER.test(w.slice(m.index! + m[0].length, m.index! + m[0].length + 60))
      )
        continue;
      if (m[3] !== undefined) add(m, ws, m[1], m[3], false, true);
      else if (m[4] !== undefined) add(m, ws, m[1], m[4], true, Boolean(m[5]));
      // "a Chief (P-5)": a title with its grade in brackets is a post even after an article.
      else add(m, ws, m[1], m[6] ?? m[7], false, true);
    }
  }
  for (const [ws, we] of wins) {
    const w = lower.slice(ws, we);
    if (WERE_HINT.test(w)) for (const m of w.matchAll(WERE_GRADE)) add(m, ws, m[1], m[2], false, true);
    if (/in the [^.]{0,60}(?:categor|level)/.test(w))
      for (const m of w.matchAll(IN_CATEGORY)) add(m, ws, m[1], m[2], false, true);
    if (OF_WHOM_HINT.test(w))
      for (const m of w.matchAll(OF_WHOM)) {
        const endAt = ws + m.index! + m[0].length;
        if (!ARTICLES.has(m[1]) && !NOT_STAFF_AFTER.test(lower.slice(endAt, endAt + 60)))
          add(m, ws, m[1], null, false, true);
      }
  }
  for (const [ws, we] of wins) {
    const w = lower.slice(ws, we);
    if (w.includes(":"))
      for (const m of w.matchAll(LABELED)) {
        const start = ws + m.index!;
        const line = lower.slice(lower.lastIndexOf("\n", start) + 1, start);
        if (/supervisor|superviseur|supervisor|reports? to|relev/.test(line)) continue;
        const before = out.length;
        add(m, ws, "1", m[1], false, true);
        if (out.length > before) out[out.length - 1].form = true;
      }
    if (/aine|ena|ezena/.test(w))
      for (const m of w.matchAll(APPROX)) add(m, ws, String(APPROX_WORDS[m[1]]), null, false, true);
    if (/travaill|worked|deploy|fielded|trabaj|desplegad|trabalh|destacad/.test(w))
      for (const m of w.matchAll(FIELD_WORK)) add(m, ws, m[1], null, false, true);
  }
  const graded = out.length > 0;
  for (const [ws, we] of wins) {
    for (const m of lower.slice(ws, we).matchAll(COUNT_ONLY)) {
      const endAt = ws + m.index! + m[0].length;
      const after = lower.slice(endAt, endAt + 60);
      if (ARTICLES.has(m[1]) || NOT_STAFF_AFTER.test(after) || GRADE_LIST_AFTER.test(after)) continue;
      if (UPPER_BOUND_BEFORE.test(lower.slice(Math.max(0, ws + m.index! - 20), ws + m.index!))) continue;
      if (graded && /post|puesto|poste|posto|position/.test(m[2])) continue;
      if (HAS_GRADE.test(m[0].slice(m[1].length))) continue;
      add(m, ws, m[1], null, false, true);
    }
    for (const m of lower.slice(ws, we).matchAll(STAFF_OF)) {
      const n = m[1] ?? m[2];
      if (!ARTICLES.has(n)) add(m, ws, n, null, false, true);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function checkedGrade(
  lower: string,
  text: string,
  start: number,
  offset: number,
  gradeStr: string,
  hasNoun: boolean,
): string | null {
  const gStart = start + offset;
  if (!isGradeCase(text.slice(gStart, gStart + gradeStr.length))) return null;
  const grade = canonicalGrade(gradeStr);
  const around =
    lower.slice(Math.max(0, start - 40), start) +
    " | " +
    lower.slice(gStart + gradeStr.length, gStart + gradeStr.length + 40);
  // "trois administrateurs": the plural names people, as a noun would.
  if ((grade === "P" || grade === "GS") && !hasNoun && !/^administrateurs$/.test(gradeStr) && !inGradeList(around))
    return null;
  return grade;
}

/** True when a category word sits in a list of graded counts ("one P-4 and one General Service"). */
function inGradeList(around: string): boolean {
  const [before, after] = around.split(" | ");
  const code = String.raw`(?:p-?[1-5]|d-?[12]|g\s?\(|gs)\b`;
  const category =
    String.raw`(?:professional|administrateurs?|cuadro organico|general service|` +
    String.raw`servicios generales|services generaux|servicos gerais|servico geral|${code})`;
  if (new RegExp(`${code}[^.;]*$`).test(before)) return true;
  if (new RegExp(`${category}\\s*(?:and|et|y|e|,)\\s*$`).test(before)) return true;
  return new RegExp(`^\\s*(?:and|et|y|e|,)\\s+(?:\\d+|[a-z]+)\\s+${category}`).test(after);
}
