import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { Discovered, RecordDoc } from "../types.ts";
import { parseActivityFile, parseActivityStream } from "./iati-parse.ts";

const FILE_URL = "https://example.org/iati/sstc-activities-mixed.xml";
const xml = readFileSync(
  new URL("../../test/fixtures/sources/iati/sstc-activities-mixed.xml", import.meta.url),
  "utf8",
);

const records = (items: Discovered[]): RecordDoc[] => items.flatMap((d) => (d.kind === "record" ? [d.record] : []));
const byId = (items: Discovered[], id: string): RecordDoc | undefined =>
  records(items).find((r) => r.key === `iati:${id}`);

describe("parseActivityFile", () => {
  const items = parseActivityFile(xml, FILE_URL);

  it("keeps SSTC activities with the reason and leaves the others out", () => {
    expect(records(items).map((r) => [r.key, r.reason])).toEqual([
      ["iati:XM-DAC-41114-PROJECT-00012345", 'title matches "sud-sud"'],
      ["iati:XI-IATI-EC_DEVCO-2019/412-345", "collaboration-type 8 (triangular co-operation)"],
      ["iati:46002-P-Z1-AAZ-001", 'title matches "sur-sur"'],
      [
        "iati:XM-DAC-41301-GCP /INT/123/CPR",
        expect.stringContaining('participating-org "FAO-China South-South Cooperation Trust Fund" is an SSTC fund'),
      ],
      ["iati:XM-DAC-41119-TAGGED-1", expect.stringMatching(/^tag 99\/SSTC matches/)],
    ]);
  });

  it(
    "counts UNDP money once: an OUTPUT whose PROJECT is " + "kept in the same file is dropped, even when listed first",
    () => {
      expect(byId(items, "XM-DAC-41114-OUTPUT-00098765")).toBeUndefined();
      expect(byId(items, "XM-DAC-41114-PROJECT-00012345")?.meta?.hierarchy).toBe(1);
    },
  );

  it("turns budgets and transactions into facts with currency, period, basis, field and literal quote", () => {
    const project = byId(items, "XM-DAC-41114-PROJECT-00012345")!;
    expect(project.title).toBe("South-South cooperation for climate adaptation");
    expect(project.organizationId).toBe("undp");
    expect(project.url).toBe("https://d-portal.org/q.html?aid=XM-DAC-41114-PROJECT-00012345");
    expect(project.period).toBe("2022-2025");
    expect(project.facts.map((f) => [f.basis, f.value, f.currency, f.period, f.field, f.quote, f.date])).toEqual([
      ["budget", 1250000, "USD", "2023", "budget[0]/value", "1250000", "2023-01-01"],
      ["budget", 980000.5, "EUR", "2024", "budget[1]/value", "980000.50", "2024-01-01"],
      ["commitment", 3500000, "USD", "2022", "transaction[0]/value", "3500000", "2022-03-15"],
      ["disbursement", 750000, "USD", "2023", "transaction[1]/value", "750000", "2023-06-30"],
      ["expenditure", 612345.67, "USD", "2023", "transaction[2]/value", "612345.67", "2023-12-31"],
    ]);
  });

  it("reads 1.0x activities: text inside elements, letter transaction codes, default currency", () => {
    const afdb = byId(items, "46002-P-Z1-AAZ-001")!;
    expect(afdb.title).toBe("Cooperación Sur-Sur entre Brasil y Mozambique en agricultura");
    expect(afdb.organizationId).toBe("afdb");
    expect(afdb.language).toBe("es");
    expect(afdb.meta?.version).toBe("1.03");
    expect(afdb.facts.map((f) => [f.basis, f.value, f.currency, f.date])).toEqual([
      ["commitment", 1500000, "USD", "2015-02-01"],
      ["disbursement", 420000, "UAC", "2016-12-31"],
      ["contribution", 5000, "UAC", "2016-12-31"],
    ]);
  });

  it("keeps an activity with no title under its identifier, slashes and spaces intact", () => {
    const devco = byId(items, "XI-IATI-EC_DEVCO-2019/412-345")!;
    expect(devco.title).toBe("IATI activity XI-IATI-EC_DEVCO-2019/412-345");
    expect(devco.url).toBe("https://d-portal.org/q.html?aid=XI-IATI-EC_DEVCO-2019%2F412-345");
    expect(devco.organizationId).toBeUndefined();
    expect(devco.meta?.reportingOrgRef).toBe("XI-IATI-EC_DEVCO");
    expect(byId(items, "XM-DAC-41301-GCP /INT/123/CPR")?.title).toBe("Support to smallholder seed systems");
  });

  it("reports an activity without identifier and keeps the rest, with enough to find it in the file", () => {
    const problems = items.filter((d) => d.kind === "problem");
    expect(problems).toEqual([
      {
        kind: "problem",
        url: FILE_URL,
        outcome: "failed",
        message: expect.stringMatching(/^activity #6 \(line \d+\): activity has no iati-identifier$/),
      },
    ]);
    expect(byId(items, "XM-DAC-41114-PROJECT-00012345")?.meta).toMatchObject({ file: FILE_URL, activityIndex: 1 });
  });

  it("reads closing tags split across lines", () => {
    const tagged = byId(items, "XM-DAC-41119-TAGGED-1")!;
    expect(tagged.title).toBe("Maternal health commodities");
    expect(tagged.facts).toEqual([
      expect.objectContaining({ value: 150000, currency: "USD", basis: "budget", period: "2024" }),
    ]);
  });

  it("reports broken XML and keeps the activities before and after it", () => {
    const broken = xml.replace(
      "<iati-identifier>46002-P-Z1-AAZ-001</iati-identifier>",
      "<iati-identifier>46002-P-Z1-AAZ-001</iati-identifier><bad attr=>",
    );
    const out = parseActivityFile(broken, FILE_URL);
    expect(out.some((d) => d.kind === "problem" && d.message.startsWith("XML error"))).toBe(true);
    expect(byId(out, "XM-DAC-41114-PROJECT-00012345")).toBeDefined();
    expect(byId(out, "XM-DAC-41119-TAGGED-1")).toBeDefined();
  });
});

describe("parseActivityStream", () => {
  it("holds no more than the current activity: kept records do not pin the chunks they came from", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const filler = (
      `<iati-activity version="2.03"><iati-identifier>GB-1-ROADS</iati-identifier><title><narrative>Road ` +
      `maintenance</narrative></title><description><narrative>${"Lorem ipsum dolor sit amet. ".repeat(40)}` +
      `</narrative></description></iati-activity>\n`
    ).repeat(50);
    const encoder = new TextEncoder();
    const chunks = 80; // about 5 MB, one SSTC activity in each 64 KB chunk
    async function* body(): AsyncGenerator<Uint8Array> {
      yield encoder.encode("<iati-activities>");
      for (let i = 0; i < chunks; i++) {
        yield encoder.encode(
          `<iati-activity version="2.03"><iati-identifier>XM-DAC-41114-PROJECT-${i}` +
            `</iati-identifier><title><narrative>South-South project ${i}</narrative></title></iati-activity>\n` +
            `${filler}`,
        );
      }
      yield encoder.encode("</iati-activities>");
    }
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: Discovered[] = [];
    for await (const item of parseActivityStream(body(), FILE_URL)) kept.push(item);
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    expect(kept).toHaveLength(chunks);
    expect(grownMb).toBeLessThan(2.5);
  });
});
