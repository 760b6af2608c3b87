import { describe, expect, it } from "vitest";
import { normalize } from "./normalize.ts";
import { findMoneyTable, findPostTable, headerYears } from "./tables.ts";

const cells = (text: string, lang = "en") => {
  const n = normalize(text);
  return findMoneyTable(n.lower, 0, n.text.length, lang).map((c) => [c.value, c.currency, c.period]);
};
const rows = (text: string) => {
  const n = normalize(text);
  return findPostTable(n.lower, n.text, 0, n.text.length).map((r) => [r.grade, r.count, r.period]);
};

describe("findMoneyTable", () => {
  it("scales each figure by the heading", () => {
    expect(
      cells(
        "Resource requirements\n(Thousands of United States dollars)\nRegular budget 1 804.2\nExtrabudgetary 2 950.0",
      ),
    ).toEqual([
      [1804200, "USD", null],
      [2950000, "USD", null],
    ]);
  });

  it("reads French and Spanish headings and one period per year column", () => {
    expect(
      cells("(En milliers de dollars des États-Unis)\n 2022-2023 2024-2025\nPostes 1 250,4 1 310,0", "fr"),
    ).toEqual([
      [1250400, "USD", "2022-2023"],
      [1310000, "USD", "2024-2025"],
    ]);
    expect(cells("(Miles de dólares de los Estados Unidos)\nPresupuesto ordinario 2 104,6", "es")).toEqual([
      [2104600, "USD", null],
    ]);
  });

  it("ignores change and percentage columns beyond the year columns, and posts counts", () => {
    expect(
      cells(
        "(Thousands of United States dollars)\n2023 appropriation 2024 estimate Change Percentage\n" +
          "Non-post 210.0 215.2 5.2 2.5\nPosts 4 5",
      ),
    ).toEqual([
      [210000, "USD", "2023"],
      [215200, "USD", "2024"],
    ]);
  });

  it("finds nothing without a scale heading", () => {
    expect(cells("Regular budget 1 804.2\nExtrabudgetary 2 950.0")).toEqual([]);
  });
});

describe("findPostTable", () => {
  it("gives one fact per grade and year column", () => {
    expect(
      rows(
        "Posts: TCDC Unit\nCategory and grade 2023 approved 2024 proposed\nD-1 1 1\nP-4 1 2\nGS (OL) 2 2\nTotal 4 5",
      ),
    ).toEqual([
      ["D-1", 1, "2023"],
      ["D-1", 1, "2024"],
      ["P-4", 1, "2023"],
      ["P-4", 2, "2024"],
      ["GS (OL)", 2, "2023"],
      ["GS (OL)", 2, "2024"],
    ]);
  });

  it("reads a table flattened into one line", () => {
    expect(rows("Posts 2024 2025 P-5 1 1 P-3 2 3")).toEqual([
      ["P-5", 1, "2024"],
      ["P-5", 1, "2025"],
      ["P-3", 2, "2024"],
      ["P-3", 3, "2025"],
    ]);
  });

  it("does not take a prose list for a table", () => {
    expect(rows("9 posts (1 P-5, 3 P-4, 2 P-3)")).toEqual([]);
  });
});

describe("headerYears", () => {
  it("expands short bienniums", () => {
    expect(headerYears("2022-23 actual 2024-2025 estimate")).toEqual(["2022-2023", "2024-2025"]);
  });
});

describe("findMoneyTable, flattened", () => {
  it("reads several rows flattened into one line", () => {
    expect(
      cells("Resource requirements (Thousands of United States dollars) Regular budget 1 804.2 Extrabudgetary 2 950.0"),
    ).toEqual([
      [1804200, "USD", null],
      [2950000, "USD", null],
    ]);
  });

  it("reads a flattened table with year columns", () => {
    expect(cells("(thousands of United States dollars) 2024 2025 Posts 1 200.0 1 250.5 Non-post 300.0 310.0")).toEqual([
      [1200000, "USD", "2024"],
      [1250500, "USD", "2025"],
      [300000, "USD", "2024"],
      [310000, "USD", "2025"],
    ]);
  });
});

describe("findMoneyTable headings", () => {
  it("takes no sentence for a scale heading", () => {
    expect(
      cells("Le Fonds a reçu 2,3 millions d'euros de l'Italie et 500 000 francs suisses de la Suisse.", "fr"),
    ).toEqual([]);
  });

  it("takes a heading alone on its line and the (US$ '000) form", () => {
    expect(cells("Thousands of United States dollars\nRegular budget 1 804.2")).toEqual([[1804200, "USD", null]]);
    expect(cells("Budget (US$ '000)\nSouth-South unit 250.0")).toEqual([[250000, "USD", null]]);
  });
});

describe("findMoneyTable, prose under the table", () => {
  it("leaves sentences with their own amounts alone", () => {
    expect(
      cells(
        "(Thousands of United States dollars)\nRegular budget 1 804.2\n" +
          "The unit also received $350,000 from a donor in 2023 for training.",
      ),
    ).toEqual([[1804200, "USD", null]]);
  });
});

describe("tables, French abbreviations and Brazilian reais", () => {
  it("reads AN, AL and SM rows of a French post table (capitals only)", () => {
    expect(rows("Postes\nClasse 2026 2027\nAN 1 2\nAL 3 3\nSM 1 -")).toEqual([
      ["NO", 1, "2026"],
      ["NO", 2, "2027"],
      ["LL", 3, "2026"],
      ["LL", 3, "2027"],
      ["FS", 1, "2026"],
    ]);
  });

  it("scales a table headed in thousands of reais", () => {
    const n = normalize("(Em milhares de reais)\nCooperação técnica 12 500");
    expect(findMoneyTable(n.lower, 0, n.lower.length, "pt").map((c) => [c.value, c.currency])).toEqual([
      [12500000, "BRL"],
    ]);
  });
});
