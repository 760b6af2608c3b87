import { GRADE, canonicalGrade, isGradeCase } from "./grades.ts";
import { NUMBER, parseNumber } from "./numbers.ts";
import type { StaffMention } from "./staffing.ts";

/** A figure in a table whose heading gives currency and scale. */
export interface CellMention {
  start: number;
  end: number;
  value: number;
  currency: string;
  period: string | null;
}

const CURRENCY_WORDS =
  String.raw`united states dollars|us dollars|u\.s\. dollars|dollars des etats-unis|` +
  String.raw`dollars e\.-u\.|dolares de los estados unidos|dolares estadounidenses|dolares dos estados unidos|` +
  String.raw`dolares|dollars|usd|us\$|\$|euros?|eur|francs suisses|swiss francs|chf|reais|brl|r\$`;
// "(Thousands of United States dollars)", "(en milliers de dollars des Etats-Unis)", "(US$ '000)":
// in brackets, or alone on its line; "2,3 millions d'euros" in a sentence is no heading.
const SCALE_WORDS =
  String.raw`(?:in |en |em )?(thousands|millions|milliers|miles|millones|milhares|` +
  String.raw`milhoes)\s+(?:of |de |d')\s*(${CURRENCY_WORDS})(?:\s+(?:ee\.?\s?uu\.?|e\.-u\.|eua|des etats-unis|` +
  String.raw`de los estados unidos))?`;
const SCALE_HEADING = new RegExp(
  String.raw`\(\s*${SCALE_WORDS}\s*\)|(?:^|\n)[ \t]*${SCALE_WORDS}[ \t]*(?=\n|$)` +
    String.raw`|\(\s*(?:in\s+)?(${CURRENCY_WORDS})\s*(thousands?|millions?|'000|000|m)\s*\)`,
);
const YEAR = /(?<![\d/.,])((?:19|20)\d{2})(?:\s?[-/]\s?((?:19|20)?\d{2}))?(?!\d|[.,]\d)/g;
const ROW_LABEL_SKIP = /percent|per cent|pourcentage|porcentaje|%|number of|nombre de|numero de/;
const POST_LABEL = /\bposts?\b|postes|puestos|postos/;

const scaleOf = (w: string) => (/^(?:thousand|millier|miles|milhares|'000|000)/.test(w) ? 1e3 : 1e6);
const currencyOf = (w: string) =>
  /eur/.test(w) ? "EUR" : /franc|chf/.test(w) ? "CHF" : /reais|brl|r\$/.test(w) ? "BRL" : "USD";

/**
 * Years named in a header line, in column order ("2023 approved 2024 proposed" → 2023, 2024;
 * "2022-23" → "2022-2023").
 * @example headerYears("2022-23 actual 2024 estimate") // => ["2022-2023", "2024"]
 */
export function headerYears(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(YEAR)) {
    const end = m[2] ? (m[2].length === 2 ? m[1].slice(0, 2) + m[2] : m[2]) : "";
    out.push(end && Number(end) > Number(m[1]) ? `${m[1]}-${end}` : m[1]);
  }
  return out;
}

/**
 * Figures of a money table in a passage of normalised lower-case text: the heading
 * "(thousands of United States dollars)" scales every figure below it; one cell per year column.
 * @example findMoneyTable("(thousands of united states dollars)\nregular budget 1 804.2", 0, 57)[0].value // => 1804200
 */
export function findMoneyTable(lower: string, from: number, to: number, lang = "en"): CellMention[] {
  const slice = lower.slice(from, to);
  const heading = SCALE_HEADING.exec(slice);
  if (!heading) return [];
  const table = {
    scale: scaleOf(heading[1] ?? heading[3] ?? heading[6]),
    currency: currencyOf(heading[2] ?? heading[4] ?? heading[5]),
    years: [] as string[],
    lang,
  };
  const out: CellMention[] = [];
  let offset = heading.index + heading[0].length;
  let first = true;
  for (const line of slice.slice(offset).split("\n")) {
    const lineStart = from + offset;
    offset += line.length + 1;
    // "(thousands of US dollars): Africa 1,120; Asia 860.": the rest of the heading's line is the table.
    const inline = first && /^\s*:/.test(line);
    first = false;
    const cells = [...line.matchAll(NUMBER_G)];
    if (!cells.length) continue;
    // A sentence under the table is prose, whose amounts carry their own currency and scale.
    if (!inline && /[.;]\s*$/.test(line) && line.split(/\s+/).length > 8) continue;
    if (headerYears(line).length && cells.every((c) => /^(?:19|20)\d{2}$/.test(c[0]))) {
      table.years = headerYears(line);
      continue;
    }
    for (const row of rowsOf(line, cells)) {
      // Year columns flattened into the line: "... dollars) 2024 2025 Posts 1 200.0 1 250.5".
      if (row.cells.length > 1 && row.cells.every((c) => /^(?:19|20)\d{2}$/.test(c[0])))
        table.years = row.cells.map((c) => c[0]);
      else out.push(...rowCells(row, lineStart, table));
    }
  }
  return out;
}

const NUMBER_G = new RegExp(NUMBER, "g");

interface Row {
  label: string;
  cells: RegExpMatchArray[];
}

/** A line is one row, or several when a table was flattened ("Regular budget 1 804.2 Other 3.0"). */
function rowsOf(line: string, cells: RegExpMatchArray[]): Row[] {
  const rows: Row[] = [];
  let labelStart = 0;
  for (const c of cells) {
    const last = rows[rows.length - 1];
    const gap = last
      ? line.slice(last.cells[last.cells.length - 1].index! + last.cells[last.cells.length - 1][0].length, c.index)
      : "";
    if (last && !/[a-z]/.test(gap)) last.cells.push(c);
    else {
      rows.push({ label: line.slice(labelStart, c.index), cells: [c] });
    }
    labelStart = c.index! + c[0].length;
  }
  return rows;
}

function rowCells(
  row: Row,
  lineStart: number,
  table: { scale: number; currency: string; years: string[]; lang: string },
): CellMention[] {
  const { label } = row;
  let cells = row.cells;
  if (ROW_LABEL_SKIP.test(label) || /[$€£¥]\s*$/.test(label) || label.trim().split(/\s+/).length > 10) return [];
  // "2023 1 200": a year in the first column labels the row.
  let rowPeriod: string | null = null;
  if (!/[a-z]/.test(label) && cells.length > 1 && /^(?:19|20)\d{2}$/.test(cells[0][0])) {
    rowPeriod = cells[0][0];
    cells = cells.slice(1);
  }
  // A "Posts" row of small whole numbers counts posts, not thousands of dollars.
  if (POST_LABEL.test(label) && cells.every((c) => /^\d{1,3}$/.test(c[0]))) return [];
  const take = table.years.length ? cells.slice(0, table.years.length) : cells;
  const out: CellMention[] = [];
  take.forEach((c, k) => {
    const value = parseNumber(c[0], table.lang) * table.scale;
    if (!Number.isFinite(value) || value <= 0) return;
    const start = lineStart + c.index!;
    out.push({
      start,
      end: start + c[0].length,
      value,
      currency: table.currency,
      period: rowPeriod ?? table.years[k] ?? null,
    });
  });
  return out;
}

const ROW = new RegExp(`\\b(?<![a-z0-9])(${GRADE})((?:[ \\t]+(?:\\d{1,3}|-))+)(?![\\d.,])`, "g");
const POST_HEADER = /\bposts?\b|postes|puestos|postos|category and grade|categorie|categoria|grade|classe|cuadro/;

/**
 * Rows of a post table (grade followed by one count per column), flattened or one per line;
 * the header years give each column's period. Needs two rows, or one row under a posts header.
 * @example findPostTable("D-1 1 1\nP-4 1 2", "d-1 1 1\np-4 1 2", 0, 15).length // => 4
 */
export function findPostTable(lower: string, text: string, from: number, to: number): StaffMention[] {
  const slice = lower.slice(from, to);
  const rows = [...slice.matchAll(ROW)].filter((m) =>
    isGradeCase(text.slice(from + m.index!, from + m.index! + m[1].length)),
  );
  if (rows.length === 0 || (rows.length < 2 && !POST_HEADER.test(slice.slice(0, rows[0].index)))) return [];
  const years = headerYears(slice.slice(0, rows[0].index));
  const out: StaffMention[] = [];
  for (const row of rows) {
    const grade = canonicalGrade(row[1]);
    if (!grade) continue;
    const counts = row[2].trim().split(/\s+/);
    const take = years.length ? counts.slice(0, years.length) : counts;
    const start = from + row.index!;
    take.forEach((c, k) => {
      const count = c === "-" ? 0 : Number(c);
      if (count > 0) out.push({ start, end: start + row[0].length, count, grade, period: years[k] ?? null });
    });
  }
  return out;
}
