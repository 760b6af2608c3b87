import { describe, expect, it } from "vitest";
import { analyzeDocument, analyzeText } from "./document.ts";
import type { Fact } from "./types.ts";

const brief = (facts: Fact[]) => facts.map((f) => (f.kind === "funding" ? [f.value, f.currency] : [f.count, f.grade]));

describe("analyzeText", () => {
  it("extracts SSTC money and posts with quotes at their offsets", () => {
    const text =
      "The proposed resources for the South-South Cooperation Section amount to $1,204,300 and provide for 4 posts " +
      "(1 P-4, 2 P-3 and 1 General Service (Other level)).";
    const r = analyzeText(text);
    expect(r.relevant).toBe(true);
    expect(brief(r.facts)).toEqual([
      [1204300, "USD"],
      [1, "P-4"],
      [2, "P-3"],
      [1, "GS (OL)"],
    ]);
    for (const f of r.facts) expect(text.slice(f.start, f.end)).toBe(f.quote);
    expect(r.facts[0]).toMatchObject({ usd: 1204300, basis: "budget", page: 1 });
  });

  it("rejects the agency's whole budget in the same sentence as an SSTC amount", () => {
    const r = analyzeText(
      "Total programme expenditure reached $5.2 billion in 2023, of which $14 million went to South-South cooperation.",
    );
    expect(brief(r.facts)).toEqual([[14000000, "USD"]]);
  });

  it("rejects amounts across a semicolon that belong to the organization", () => {
    const r = analyzeText(
      "The Organization's total budget for 2024-2025 is $3.4 billion; the South-South unit receives $2.4 million.",
    );
    expect(brief(r.facts)).toEqual([[2400000, "USD"]]);
  });

  it("keeps the SSTC unit's own total budget", () => {
    expect(brief(analyzeText("UNOSSC's total budget for 2014-2017 was $20 million.").facts)).toEqual([
      [20000000, "USD"],
    ]);
  });

  it("gives no facts for passages that are not about SSTC", () => {
    const r = analyzeText("A provision of $883,900 is required for the seven posts, including one P-4.");
    expect(r).toMatchObject({ relevant: false, facts: [] });
  });

  it("never takes counts of projects, countries, participants or percentages", () => {
    const r = analyzeText(
      "South-South events in 2023 brought together 640 participants from 57 countries; 18 triangular projects, 12 " +
        "per cent more.",
    );
    expect(r.relevant).toBe(true);
    expect(r.facts).toEqual([]);
  });

  it("reads French, Spanish and Portuguese passages", () => {
    expect(
      brief(
        analyzeText(
          "Le montant de 1 912 400 dollars permettrait de financer 2 postes P-4 de la Section de la coopération " +
            "Sud-Sud.",
        ).facts,
      ),
    ).toEqual([
      [1912400, "USD"],
      [2, "P-4"],
    ]);
    expect(
      brief(analyzeText("La Oficina de Cooperación Sur-Sur recibió 18,6 millones de dólares en 2022.").facts),
    ).toEqual([[18600000, "USD"]]);
    expect(brief(analyzeText("O Fundo IBAS aprovou US$ 1,5 milhão para um projeto no Haiti.").facts)).toEqual([
      [1500000, "USD"],
    ]);
  });

  it("records period, basis and canonical subject", () => {
    const [f] = analyzeText(
      "In 2001-2002 the Voluntary Trust Fund for the Promotion of South-South Cooperation received contributions of " +
        "$750,000.",
    ).facts;
    expect(f).toMatchObject({
      period: "2001-2002",
      basis: "contribution",
      subject: "United Nations Fund for South-South Cooperation",
      subjectId: "unfssc",
    });
  });

  it("does not give an amount to SSTC when it finances another programme named in a relative clause", () => {
    const r = analyzeText(
      "The South-South programme will start within the National Food Security Programme, which began in 2002 with " +
        "government funding of $45.2 million.",
    );
    expect(r.facts).toEqual([]);
  });
});

describe("analyzeDocument", () => {
  it("numbers pages, strips running headers and keeps offsets into each original page", () => {
    const header = "A/79/6 (Sect. 9)\n";
    const pages = [
      `${header}Introduction to the programme of work.\n1`,
      `${header}Table 9.4\nResource requirements: South-South cooperation\n(Thousands of United States dollars)\n` +
        `Regular budget 1 804.2\n2`,
      `${header}The Pérez-Guerrero Trust Fund allocated $148,910 to four projects.\n3`,
    ];
    const doc = analyzeDocument({ pages });
    expect(brief(doc.facts)).toEqual([
      [1804200, "USD"],
      [148910, "USD"],
    ]);
    expect(doc.facts.map((f) => f.page)).toEqual([2, 3]);
    for (const f of doc.facts) expect(pages[f.page - 1].slice(f.start, f.end)).toBe(f.quote);
    expect(doc.units.map((u) => u.id)).toEqual(["pgtf"]);
    expect(doc.passages.every((p) => pages[p.page - 1].slice(p.start, p.end) === p.text)).toBe(true);
    expect(doc.facts[1].passageIndex).toBe(doc.passages.findIndex((p) => p.text.includes("148,910")));
  });
});

describe("attribution inside one sentence", () => {
  it("keeps the contrasting clause's non-SSTC amount out", () => {
    const r = analyzeText(
      "The agency's grants programme amounted to US$ 45 million, while the IBSA Fund financed 10 projects worth US$ " +
        "6.5 million.",
    );
    expect(brief(r.facts)).toEqual([[6500000, "USD"]]);
  });

  it("keeps an SSTC amount given as a share of the whole budget", () => {
    const r = analyzeText(
      "South-South cooperation accounted for 3.4 per cent of the total budget, or approximately $14 million.",
    );
    expect(brief(r.facts)).toEqual([[14000000, "USD"]]);
  });

  it("keeps the whole when it is itself SSTC ('of which' after an SSTC name)", () => {
    const r = analyzeText(
      "UNOSSC's budget for 2022-2025 is estimated at $68.4 million, of which $12.1 million from core resources.",
    );
    expect(brief(r.facts)).toEqual([
      [68400000, "USD"],
      [12100000, "USD"],
    ]);
  });
});

describe("analyzeDocument context", () => {
  it("lets a paragraph that refers back, and a table under an SSTC heading, inherit relevance", () => {
    const page = [
      "The Fund supports South-South cooperation among developing countries.",
      "In 2023, it approved US$ 1.2 million for 21 projects.",
      "Allocations (thousands of United States dollars)\nYear Amount\n2022 950\n2023 1 200",
      "Other matters",
      "In 2023, it spent US$ 9 million on buildings.",
    ].join("\n\n");
    const doc = analyzeDocument({ pages: [page] });
    expect(doc.facts.map((f) => [f.kind === "funding" ? f.value : 0, f.period])).toEqual([
      [1200000, "2023"],
      [950000, "2022"],
      [1200000, "2023"],
    ]);
  });
});

describe("attribution of shares", () => {
  it("rejects the whole that a share is taken from", () => {
    const r = analyzeText(
      "South-South and triangular cooperation received 2.3% of the agency's total loans and grants of US$ 1.5 " +
        "billion in 2023.",
    );
    expect(r.facts).toEqual([]);
  });
});

describe("contrasting clauses without a subject of their own", () => {
  it("keeps counts in a ', while' clause that names nothing else", () => {
    const r = analyzeText(
      "UNOSSC headquarters staff numbered 48 at the end of 2022, while 20 personnel served in regional offices.",
    );
    expect(brief(r.facts)).toEqual([
      [48, null],
      [20, null],
    ]);
  });
});

describe("analyzeText, attribution of totals and parts", () => {
  it("keeps the total of an SSTC fund named just before it", () => {
    expect(
      brief(analyzeText("The IBSA Fund approved 9 projects in 2020, with total funding of $1,240,000.").facts),
    ).toEqual([[1240000, "USD"]]);
  });

  it("still rejects a bare total after an SSTC amount or in a contrasting clause", () => {
    expect(
      brief(
        analyzeText(
          "The Office spent $2 million on South-South cooperation in 2021, while total resources reached $3.1 billion.",
        ).facts,
      ),
    ).toEqual([[2000000, "USD"]]);
    expect(
      brief(analyzeText("Its total budget of $900 million includes $4 million for South-South cooperation.").facts),
    ).toEqual([[4000000, "USD"]]);
  });

  it("keeps a whole whose part is no SSTC part, and a part introduced by 'dont'", () => {
    expect(
      brief(
        analyzeText(
          "Under Reverse Linkage, Egypt shared its expertise with Chad; the project cost US$ 0.8 million, of which " +
            "the Bank paid 70 per cent.",
        ).facts,
      ),
    ).toEqual([[800000, "USD"]]);
    expect(
      brief(
        analyzeText(
          "Le Bureau des Nations Unies pour la coopération Sud-Sud a reçu 12 millions de dollars, dont 3 millions de " +
            "dollars pour le Fonds IBSA.",
        ).facts,
      ),
    ).toEqual([
      [12000000, "USD"],
      [3000000, "USD"],
    ]);
  });

  it("rejects a staff count whose SSTC part follows ('N staff, M of whom ...')", () => {
    expect(
      brief(analyzeText("The Regional Bureau employs 80 staff, six of whom work on South-South cooperation.").facts),
    ).toEqual([[6, null]]);
  });

  it("finds an SSTC term inside a weaker one ('Global South-South')", () => {
    expect(analyzeText("Over 900 delegates attended the Global South-South Development Expo.").relevant).toBe(true);
  });

  it("reads an excerpt about 'the Facility' with nothing else named as SSTC, but not one naming another fund", () => {
    expect(analyzeText("The Facility has so far committed US$ 2.1 million to 14 grants.").relevant).toBe(true);
    expect(
      analyzeText("Contributions to the Peacebuilding Fund rose in 2023. The Fund employs 30 staff.").relevant,
    ).toBe(false);
    expect(analyzeText("The Fund's regular resources reached $900 million in 2022.").relevant).toBe(false);
  });

  it("reads a bracketed table heading followed by its rows on the same line", () => {
    const r = analyzeText(
      "Grants of the South-South Facility by region (thousands of US dollars): Africa 820; Asia 410.",
    );
    expect(brief(r.facts)).toEqual([
      [820000, "USD"],
      [410000, "USD"],
    ]);
  });
});
