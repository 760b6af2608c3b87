/**
 * Analyzer throughput on one core: generates a few MB of mixed UN-style text (SSTC and other
 * paragraphs, money and post tables, four languages) and prints
 * {"bench":"analyzer","mbPerSec":...,"mb":...,"pages":...,"facts":...} as one JSON line.
 * Then the calibration table of confidence on the devset and the real documents (when the shared
 * folder is there, SSC_SHARED_DIR): facts per confidence bin and the share that are right, and
 * {"bench":"analyzer-calibration",...} with the share of facts at >= 0.9 that are right (target >= 0.95).
 *
 *   npx tsx bench/analyzer.ts [--mb 4] [--no-calibration]
 */
import { pathToFileURL } from "node:url";
import { analyzeDocument } from "../analysis/index.ts";
import { calibration, devsetExamples, type Example, hasSharedData, realdocsExamples } from "../train/examples.ts";

const PARAGRAPHS = [
  "The regular budget resources proposed for subprogramme {n}, South-South cooperation for development, amount to " +
    "${a},{b}00 and would provide for {k} posts ({c} P-4, {k} P-3 and 1 General Service (Other level)).",
  "UNDP total programme expenditure reached ${k}.{c} billion in 20{y}, of which ${n} million supported South-South " +
    "and triangular cooperation in {n} countries.",
  "The Committee reviewed the report of the Secretary-General on the proposed programme budget for 20{y}-20{z} " +
    "(A/{n}/6) and recommends approval of {n} posts for the Department of Management.",
  "Le montant de {a} {b}00 dollars prévu au titre des postes permettrait de financer {k} postes " +
    "[1 P-5, {c} P-4 et 2 G(AC)] au sein de la Section de la coopération Sud-Sud.",
  "La suma de {a}.{b}00 dólares permitiría sufragar {k} puestos en la Dependencia de Cooperación Sur-Sur, que " +
    "organizó {n} intercambios con {n} participantes.",
  "O Fundo Fiduciário de Cooperação Sul-Sul recebeu contribuições de US$ {k},{c} milhões em 20{y} e financiou {n} " +
    "intercâmbios entre países em desenvolvimento.",
  "Humanitarian needs in the region rose sharply; the appeal for 20{y} sought $1.{c} billion, of which {n} per cent " +
    "was funded by {k} donors.",
  "Table {n}.{c}\nResource requirements: subprogramme {k}, Regional South-South cooperation\n" +
    "(Thousands of United States dollars)\n20{y} appropriation 20{z} estimate\nPosts {a} {b}4.2 {a} {b}9.0\n" +
    "Non-post {b}0.5 {b}2.1",
  "Posts: Technical Cooperation among Developing Countries Unit\nCategory and grade 20{y} approved 20{z} proposed\n" +
    "D-1 1 1\nP-4 {c} {k}\nGS (OL) 2 2",
  "The PGTF has financed {n} projects with a total allocation of ${k}.{c} million since 1987, and the India-UN " +
    "Development Partnership Fund received ${n} million in 20{y}.",
  "Member States stressed the importance of results-based management, gender parity and the timely submission of " +
    "documents to the Fifth Committee at its {n}th session.",
];

/** Ordinary budget and programme prose: most of any real document. */
const OTHER = [
  "The Advisory Committee notes that the proposed resources for section {n}, Economic and social affairs, amount to " +
    "${a}{b},{b}00 before recosting, a decrease of ${k}{b},500 compared with the appropriation for 20{y}. The " +
    "Committee was informed that the vacancy rate for Professional posts stood at {c}.{k} per cent as at 30 " +
    "June 20{y}.",
  "During the reporting period, the Office supported {n} countries in strengthening their national statistical " +
    "systems, trained {b} officials and published {k} methodological guides. Evaluations found that {n} per " +
    "cent of the participants applied the new skills within six months.",
  "Le Comité consultatif note que le montant demandé au titre des voyages, soit {a}{b} {b}00 dollars, est en hausse " +
    "par rapport à l'exercice 20{y}-20{z}; il recommande de le réduire de {c} %.",
  "El Comité Asesor observa que la tasa de vacantes de los puestos del Cuadro Orgánico fue del {c},{k} % en 20{y} y " +
    "recomienda que se reduzcan en un {k} % los recursos para consultores.",
  "O relatório apresenta os resultados alcançados em {n} países, incluindo a formação de {b} professores e a " +
    "reabilitação de {k} escolas, com um orçamento total de US$ {n} milhões.",
  "Table {n}.{c}\nOverall: evolution of financial resources by source of funding\n" +
    "(Thousands of United States dollars)\nRegular budget {a}{b} {b}.4 {a}{b} {b}.9\n" +
    "Other assessed {b} {b}.0 {b} {b}.1\nExtrabudgetary {a} {b}.7 {a} {b}.2",
];

function fill(template: string, i: number): string {
  const v: Record<string, number> = {
    n: 10 + (i % 80),
    a: 1 + (i % 9),
    b: 100 + (i % 800),
    c: 1 + (i % 5),
    k: 2 + (i % 7),
    y: 10 + (i % 14),
    z: 11 + (i % 14),
  };
  return template.replace(/\{(\w)\}/g, (_, key: string) => String(v[key]));
}

/** A document of about `mb` megabytes, split in pages of about 3,000 characters with a running header. */
export function generatePages(mb: number): string[] {
  const pages: string[] = [];
  let size = 0;
  let page = "";
  for (let i = 0; size < mb * 1e6; i++) {
    // About one paragraph in five is about SSTC, as in a programme budget with an SSTC subprogramme.
    const para = i % 5 === 0 ? fill(PARAGRAPHS[(i / 5) % PARAGRAPHS.length], i) : fill(OTHER[i % OTHER.length], i);
    page += `${para}\n\n`;
    if (page.length > 3000) {
      pages.push(`A/79/6 (Sect. 18)\n\n${page}${pages.length + 1}`);
      size += page.length;
      page = "";
    }
  }
  return pages;
}

/** Runs the benchmark and prints one JSON line. */
export function main(argv: string[] = process.argv.slice(2)): { bench: string; mbPerSec: number } {
  const i = argv.indexOf("--mb");
  const mb = i >= 0 ? Number(argv[i + 1]) : 4;
  const pages = generatePages(mb);
  const bytes = pages.reduce((s, p) => s + Buffer.byteLength(p), 0);
  analyzeDocument({ pages: pages.slice(0, 300) }); // warm up the JIT and the regex engine
  // Best of five runs, in CPU time of this process: the figure is per core and suffers least
  // from other load on the machine (on a shared machine a run's CPU time still swings by a third).
  let best = { seconds: Infinity, wallSeconds: Infinity, facts: 0, passages: 0 };
  for (let run = 0; run < 5; run++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const doc = analyzeDocument({ pages });
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const seconds = (cpu.user + cpu.system) / 1e6;
    if (seconds < best.seconds) best = { seconds, wallSeconds, facts: doc.facts.length, passages: doc.passages.length };
  }
  const rate = (s: number) => Math.round((bytes / 1e6 / s) * 100) / 100;
  const result = {
    bench: "analyzer",
    mbPerSec: rate(best.seconds),
    wallMbPerSec: rate(best.wallSeconds),
    mb: Math.round(bytes / 1e4) / 100,
    pages: pages.length,
    passages: best.passages,
    facts: best.facts,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}

/** Prints the calibration table of the kept facts of the devset and the real documents. */
export async function calibrationReport(): Promise<void> {
  if (!hasSharedData()) {
    process.stdout.write(
      `${JSON.stringify({ bench: "analyzer-calibration", skipped: "no devset/realdocs (SSC_SHARED_DIR)" })}\n`,
    );
    return;
  }
  const sets: Array<[string, Example[]]> = [
    ["devset", (await devsetExamples()).filter((e) => e.kept)],
    ["realdocs", (await realdocsExamples()).filter((e) => e.kept)],
  ];
  sets.push(["both", [...sets[0][1], ...sets[1][1]]]);
  const summary: Record<string, unknown> = { bench: "analyzer-calibration" };
  for (const [name, facts] of sets) {
    process.stdout.write(`# calibration, kept facts, ${name}\n# confidence   facts  right  share\n`);
    for (const r of calibration(facts))
      process.stdout.write(
        `# ${r.bin.padEnd(11)} ${String(r.facts).padStart(6)} ${String(r.correct).padStart(6)}  ` +
          `${r.share === null ? "  -" : r.share.toFixed(3)}\n`,
      );
    const high = calibration(facts).at(-1)!;
    summary[name] = { facts: facts.length, atLeast090: high.facts, rightShareAtLeast090: high.share };
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main();
  if (!process.argv.includes("--no-calibration")) await calibrationReport();
}
