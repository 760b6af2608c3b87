import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../cli.ts";

async function run(argv: string[], stdinText = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  const code = await main(["analyze", ...argv], { stdin: Readable.from([stdinText]), stdout, stderr });
  return { code, out, err };
}

describe("analyze --jsonl", () => {
  it("gives the USD value of a euro amount at the rate of its period, and says which rate", async () => {
    const text =
      "In 2019 the Government of Spain pledged EUR 4 million to the United Nations Fund for South-South Cooperation.";
    const { out } = await run(["--jsonl"], JSON.stringify({ id: "eur", text }));
    const [fact] = JSON.parse(out).facts;
    expect(fact).toMatchObject({ currency: "EUR", value: 4_000_000, period: "2019" });
    expect(fact.usd).toBeGreaterThan(4_400_000);
    expect(fact.usd).toBeLessThan(4_500_000);
    expect(fact.usdRate).toContain("2019");
  });

  it("answers each line in order and goes on after bad lines", async () => {
    const input = [
      JSON.stringify({ id: "a", text: "The IBSA Fund approved US$ 1.5 million." }),
      "not json",
      JSON.stringify({ id: "c" }),
      JSON.stringify({ id: "d", text: "Le budget total de l'Organisation est de 3 milliards de dollars.", lang: "fr" }),
    ].join("\n");
    const { code, out } = await run(["--jsonl"], input);
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["a", "line 2", "c", "d"]);
    expect(lines[0]).toMatchObject({ relevant: true, facts: [{ kind: "funding", value: 1500000, currency: "USD" }] });
    expect(lines[1].error).toMatch(/JSON/);
    expect(lines[2].error).toMatch(/text/);
    expect(lines[3]).toEqual({ id: "d", relevant: false, facts: [] });
  });
});

describe("analyze FILE", () => {
  it("reads .txt (pages split by form feeds) and .html main text", async () => {
    const dir = await mkdtemp(join(tmpdir(), "analyze-"));
    const txt = join(dir, "a.txt");
    await writeFile(txt, "Intro page.\fThe South-South unit has two P-4 posts.");
    const html = join(dir, "b.html");
    await writeFile(
      html,
      "<html><body><nav>South-South menu $9 million</nav><main><p>The PGTF allocated $148,910 to four " +
        "projects.</p></main><footer>$1 million</footer></body></html>",
    );
    const { code, out } = await run([txt, html]);
    expect(code).toBe(0);
    const docs = out.split(/\n(?=\{)/).map((d) => JSON.parse(d));
    expect(docs[0].facts).toMatchObject([{ kind: "staffing", count: 2, grade: "P-4", page: 2 }]);
    expect(docs[1].facts.map((f: { value: number }) => f.value)).toEqual([148910]);
  });

  it("reports a missing file and exits 1", async () => {
    const { code, err } = await run(["/nonexistent/file.txt"]);
    expect(code).toBe(1);
    expect(err).toMatch(/nonexistent/);
  });
});

describe("analyze options", () => {
  it("rejects unknown options with exit 2 and prints usage on --help", async () => {
    const bad = await run(["--frobnicate"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Unknown option '--frobnicate'/);
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/usage: ssc-monitor analyze/);
  });
});

describe("analyze --explain", () => {
  it("says why each fact was kept and why each other quantity of an SSTC passage was dropped", async () => {
    const dir = await mkdtemp(join(tmpdir(), "analyze-explain-"));
    const txt = join(dir, "report.txt");
    await writeFile(
      txt,
      "12. The United Nations Office for South-South Cooperation received $4.2 million in 2024. " +
        "Its host agency adjusted the contribution to the Resident Coordinator system of $8.1 million.",
    );
    const { code, out } = await run(["--explain", txt]);
    expect(code).toBe(0);
    const lines = out.trim().split("\n");
    const kept = lines.find((l) => l.startsWith("KEPT"));
    expect(kept).toMatch(/"\$4\.2 million" = 4200000 USD/);
    expect(kept).toMatch(/subject: United Nations Office for South-South Cooperation/);
    expect(kept).toMatch(/cue: amount \| scope: clause \(anchor: unit/);
    expect(kept).toMatch(/confidence 0\.\d\d/);
    const dropped = lines.find((l) => l.startsWith("DROP"));
    expect(dropped).toMatch(/"\$8\.1 million".*names another subject: Resident Coordinator system/);
  });

  it("adds an explain field to each --jsonl answer", async () => {
    const text = "The IBSA Fund approved US$ 1.5 million, while the total budget of the agency was $2 billion.";
    const { out } = await run(["--jsonl", "--explain"], JSON.stringify({ id: "x", text }));
    const line = JSON.parse(out);
    expect(line.facts.map((f: { value: number }) => f.value)).toEqual([1_500_000]);
    expect(line.explain).toEqual([
      expect.objectContaining({ kept: true, value: 1_500_000, cue: "amount", scope: "clause" }),
      expect.objectContaining({ kept: false, value: 2_000_000_000, reason: expect.stringMatching(/non-SSTC/) }),
    ]);
  });
});
