import { describe, expect, it } from "vitest";
import { analyzeDocument, analyzeText } from "./index.ts";
import { otherNames, subjectName } from "./scope.ts";

// Fixtures written for these tests in the shapes of UN budget reports, annual reports and
// vacancy notices: one test per scope rule.
const values = (text: string, lang?: string) =>
  analyzeText(text, { lang }).facts.map((f) => (f.kind === "funding" ? f.value : `${f.count} ${f.grade}`));

describe("scope: footnotes are boundaries", () => {
  it("keeps the amounts of the footnote that names the SSTC unit, not those of the next footnote", () => {
    const page = [
      "Table 2. Integrated resources plan, 2026-2029",
      "(In millions of United States dollars)",
      "c/ Includes interest and miscellaneous income.",
      "d/ Includes regular resources for the United Nations Office for South-South Cooperation budget of $12.3 " +
        "million, comprising $5.1",
      "million (institutional budget) and $7.2 million (programmatic budget)",
      "e/ Programme expenditure in 2023-2024 includes $40.2 million relating to the Flood Recovery Facility.",
    ].join("\n");
    expect(values(page)).toEqual([12_300_000, 5_100_000, 7_200_000]);
  });
});

describe("scope: numbered paragraphs and their headings", () => {
  it("does not let an SSTC paragraph lend its subject to the next numbered paragraph under another heading", () => {
    const page = [
      "21. Triangular cooperation has grown as a complement to South-South cooperation among developing",
      "countries, with most projects in Africa.17",
      "Adaptation finance",
      "22. A new goal of $250 billion per year by 2035 was agreed at the Conference of the Parties.",
      "Development banks",
      "23. Lending by regional development banks rose to $80 billion in 2023.",
    ].join("\n");
    expect(values(page)).toEqual([]);
  });

  it("reads an amount in a heading line as the heading's own subject", () => {
    const page = [
      "Partnership window – estimated resources for 2026-2029: $88.1 million",
      "61. These resources fund policy support, South-South cooperation and capacity development.",
    ].join("\n");
    expect(values(page)).toEqual([]);
  });
});

describe("scope: the sentence that governs a quantity", () => {
  it("drops an amount whose sentence names another organisation in an SSTC paragraph", () => {
    const text =
      "40. UNICEF sets its 2024 allocations as the baseline, adjusted for the contribution to the Resident " +
      "Coordinator system of $9.8 million. " +
      "From this $310.5 million baseline, the budget has two segments. The first segment covers TRAC-2 and " +
      "South-South cooperation. " +
      "If income falls, TRAC-2 keeps its ceiling of $120.7 million.";
    expect(values(text)).toEqual([]);
  });

  it("keeps an amount of a sentence that names nothing else after a sentence naming the SSTC fund", () => {
    const text =
      "In 2023 the Perez-Guerrero Trust Fund approved 19 projects, the most since 2010. The total allocation for the " +
      "19 projects was $1.04 million.";
    expect(values(text)).toEqual([1_040_000]);
  });

  it("keeps an amount whose next sentence refers back to the SSTC fund", () => {
    const text =
      "For the small islands window, a further $25 million over four years has been pledged by the Government of " +
      "India. " +
      "Thus the total pledged to the India-UN Development Partnership Fund reaches US$ 175 million.";
    expect(values(text)).toEqual([25_000_000, 175_000_000]);
  });

  it("drops an amount when the SSTC term is the object of a later predicate", () => {
    const text =
      "The agency called for $40 billion in investment over ten years to end hunger and announced the launch of a " +
      "regional centre aimed at fostering innovation and South-South cooperation.";
    expect(values(text)).toEqual([]);
  });
});

describe("scope: anaphors refer to the last organisation named as a subject", () => {
  it("never counts the staff of an office that merely serves an SSTC unit", () => {
    const text = [
      "9. The Audit Office serves the UNDP workforce as well as personnel of the United Nations Office for " +
        "South-South Cooperation and of UNV.",
      "10. In 2024, the office had a Director (D-1), two Auditors (P-4) and an Assistant (G5).",
    ].join("\n");
    expect(values(text)).toEqual([]);
  });

  it("does not read 'the Fund' as SSTC when it refers to another fund named before", () => {
    const text =
      "South-South cooperation grew in 2024. The Fund for Disaster Recovery was created in 2023. Governments pledged " +
      "$650 million to the Fund.";
    expect(values(text)).toEqual([]);
  });
});

describe("scope: a heading that names SSTC scopes what stands under it", () => {
  it("attributes an amount under an SSTC heading and stops at the next heading", () => {
    const doc = analyzeDocument({
      pages: [
        "III. South-South and triangular cooperation\n\nResources of $2.5 million are proposed for 2025.\n\n" +
          "IV. Gender equality\n\nResources of $9.0 million are proposed for 2025.",
      ],
    });
    expect(doc.facts.map((f) => f.kind === "funding" && f.value)).toEqual([2_500_000]);
  });
});

describe("scope: posts of SSTC units and people fielded under SSTC programmes only", () => {
  it("never counts volunteers of the system-wide programme", () => {
    expect(
      values("In 2023, 273 United Nations Volunteers served with UNOSSC and other entities of the system."),
    ).toEqual([]);
  });

  it("counts the fields of a vacancy notice under its SSTC title, never the supervisor's grade", () => {
    const text =
      "Post Title: Head of the South-South and Triangular Cooperation Centre\n\n" +
      "Organizational Unit: Trade Department\n\nSupervisor/ Grade: ASG\n\nProposed Grade: P4";
    expect(values(text)).toEqual(["1 P-4"]);
  });
});

describe("scope helpers", () => {
  it("finds organisation names and codes that no SSTC anchor covers", () => {
    const text = "adjusted for the Resident Coordinator system of $9.8 million, while TRAC-2 keeps its ceiling";
    expect(otherNames(text, 0, text.length, []).map((n) => n.name)).toEqual(["Resident Coordinator system", "TRAC-2"]);
  });

  it("reads the organisation that opens a sentence", () => {
    expect(subjectName("10. The Audit Office supports staff.", 0)?.name).toBe("Audit Office");
    expect(subjectName("The Fund grew.", 0)).toBeNull();
  });
});
