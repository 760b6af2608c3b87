/**
 * Post grades. Patterns run on lower-case, accent-folded text; codes are checked for capitals
 * in the case-preserved text by `isGradeCase` so that the Spanish word "no" is not a grade.
 */
const GS_OL =
  String.raw`(?:del cuadro de |de |do |dos )?(?:general service|servicios generales|` +
  String.raw`services generaux|servicos gerais|servico geral)\s?\((?:other levels?|otras categorias|` +
  String.raw`autres classes|outras categorias)\)|(?:agents? des )?services generaux \(autres classes\)|` +
  String.raw`gs\s?\(ol\)|gs[\s-]ol|g\s?\(ac\)|sg\s?\(oc\)|sg\s?\(ac\)`;
const GS_PL =
  String.raw`(?:del cuadro de |de |do |dos )?(?:general service|servicios generales|` +
  String.raw`services generaux|servicos gerais|servico geral)\s?\((?:principal level|categoria principal|` +
  String.raw`1re classe|1\s?re classe|premiere classe|categoria principal)\)|gs\s?\(pl\)|gs[\s-]pl|g\s?\(1c\)|` +
  String.raw`g\s?\(pl\)|sg\s?\(cp\)`;
const GS =
  String.raw`(?:del cuadro de |de |do |dos |agents? des |agentes? de )?(?:general service|` +
  String.raw`servicios generales|services generaux|servicos gerais|servico geral)(?: and related categories|` +
  String.raw` y categorias conexas| et categories apparentees)?|gs`;
const NO =
  String.raw`national professional officers?|national officers?|` +
  String.raw`administrateurs? recrutes? sur le plan national|funcionarios? nacional(?:es)? del cuadro organico|` +
  String.raw`oficial(?:es)? nacional(?:es)?`;
// French and Spanish table abbreviations (AN: administrateur recrute sur le plan national; AL: agent local;
// SM: service mobile; CL: contratacion local), only ever read in capitals (see isGradeCase).
const ABBREVIATIONS = String.raw`an|al|sm|cl`;
const CODES = String.raw`usg|asg|d-?[12]|p-?[1-5]|no-?[a-d]|npo|fs(?:-?[1-7])?|ll|sga|ssg|g-?[1-7]`;
const LONG =
  String.raw`under-secretary-general|assistant secretary-general|field service|` +
  String.raw`(?:du )?service mobile|(?:del )?servicio movil|local level|(?:de )?contratacion local|` +
  String.raw`agents? locaux|(?:del cuadro organico|professional(?: and higher)?|administrateurs?)`;

/** Regex source matching one grade (lower-case text). */
export const GRADE = `(?:${GS_OL}|${GS_PL}|${NO}|${LONG}|${GS}|${CODES}|${ABBREVIATIONS})(?![a-z0-9])`;

const GRADE_HINT = new RegExp(`\\b(?<![a-z0-9])(?:${GS_OL}|${GS_PL}|${NO}|${LONG}|${GS}|${CODES})(?![a-z0-9])`, "g");
const ABBREVIATION_CAPS = /(?<![A-Za-z0-9])(?:AN|AL|SM|CL)(?![A-Za-z0-9])/g;

/**
 * Start offsets (relative to `lower`) of the places that may hold a grade, sorted: a superset of
 * the grades (case unchecked except for the two-letter abbreviations, which need capitals in `text`).
 * @example gradeStarts("two p-4 posts", "two P-4 posts") // => [4]
 */
export function gradeStarts(lower: string, text: string): number[] {
  const out: number[] = [];
  GRADE_HINT.lastIndex = 0;
  for (let m = GRADE_HINT.exec(lower); m; m = GRADE_HINT.exec(lower)) out.push(m.index);
  if (/\b(?:an|al|sm|cl)\b/.test(lower)) {
    ABBREVIATION_CAPS.lastIndex = 0;
    for (let m = ABBREVIATION_CAPS.exec(text); m; m = ABBREVIATION_CAPS.exec(text)) out.push(m.index);
    out.sort((a, b) => a - b);
  }
  return out;
}

const TABLE: Array<[RegExp, string]> = [
  [new RegExp(`^(?:${GS_OL})$`), "GS (OL)"],
  [new RegExp(`^(?:${GS_PL})$`), "GS (PL)"],
  [/^(?:usg|sga|under-secretary-general)$/, "USG"],
  [/^(?:asg|ssg|assistant secretary-general)$/, "ASG"],
  [/^d-?([12])$/, "D-$1"],
  [/^p-?([1-5])$/, "P-$1"],
  [/^no-?([a-d])$/, "NO-$1"],
  [new RegExp(`^(?:${NO}|npo|an)$`), "NO"],
  [/^(?:fs(?:-?[1-7])?|field service|(?:du )?service mobile|(?:del )?servicio movil|sm)$/, "FS"],
  [/^(?:ll|local level|(?:de )?contratacion local|agents? locaux|al|cl)$/, "LL"],
  // G-1 ... G-7: a General Service level; which levels are "principal" differs by duty station.
  [new RegExp(`^(?:${GS}|g-?[1-7])$`), "GS"],
  [/^(?:professional(?: and higher)?|del cuadro organico|administrateurs?)$/, "P"],
];

/**
 * Canonical grade code for a written grade, or null.
 * @example canonicalGrade("G(AC)") // => "GS (OL)"
 * @example canonicalGrade("Servicios Generales (categoría principal)") // => "GS (PL)"
 * @example canonicalGrade("p4") // => "P-4"
 */
export function canonicalGrade(s: string): string | null {
  const t = s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
  for (const [re, code] of TABLE) {
    const m = re.exec(t);
    if (m) return code.replace("$1", (m[1] ?? "").toUpperCase());
  }
  return null;
}

/**
 * True when a short grade code is written in capitals in the original ("P-4", not "p-4" or "no-a").
 * @example isGradeCase("NO-B") // => true
 */
export function isGradeCase(written: string): boolean {
  if (written.length > 6) return true;
  return written === written.toUpperCase() || /^[Gg]\s?\(/.test(written);
}
