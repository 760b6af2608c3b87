import { describe, expect, it } from "vitest";
import { analyzeText } from "./index.ts";

// Fixtures written for these tests: one per pattern of real language the analyzer reads.
const facts = (text: string, lang?: string) =>
  analyzeText(text, { lang }).facts.map((f) => (f.kind === "funding" ? [f.value, f.currency] : [f.count, f.grade]));

describe("numbers in words, doubled and approximate", () => {
  it("reads 'seven (7)' and 'Twenty Four (24)' as one count each", () => {
    const text =
      "Under the South-South Cooperation Programme, seven (7) Brazilian experts and Twenty Four (24) technicians " +
      "were fielded in Angola.";
    expect(facts(text)).toEqual([
      [7, null],
      [24, null],
    ]);
  });

  it("reads Spanish and French number words and 'une vingtaine'", () => {
    expect(
      facts("Veinte expertos cubanos fueron enviados a Haití en el marco de la cooperación Sur-Sur.", "es"),
    ).toEqual([[20, null]]);
    expect(
      facts(
        "Une vingtaine d'experts chinois ont été déployés au Mali au titre du programme de coopération Sud-Sud.",
        "fr",
      ),
    ).toEqual([[20, null]]);
  });
});

describe("experts and technicians fielded by Southern countries", () => {
  it("makes the passage SSTC and counts them, in four languages", () => {
    expect(facts("China will send 25 agricultural experts and technicians to six Pacific island countries.")).toEqual([
      [25, null],
    ]);
    expect(facts("Depuis 2015, le Maroc a dépêché 31 experts et techniciens marocains au Niger.", "fr")).toEqual([
      [31, null],
    ]);
    expect(facts("Brasil enviou 12 técnicos brasileiros para Moçambique em 2019.", "pt")).toEqual([[12, null]]);
  });

  it("counts 'up to' a number of experts (a stated deployment) but never trainees", () => {
    expect(facts("The alliance will deploy up to 2,000 Chinese experts in developing countries.")).toEqual([
      [2000, null],
    ]);
    expect(
      facts("Under South-South cooperation, 120 technicians from 14 countries participated in the training."),
    ).toEqual([]);
  });
});

describe("grade notations", () => {
  it("reads label grades of vacancy notices", () => {
    const notice =
      "Director, Office for South-South Cooperation\n\nApplication Deadline :12-Oct-21\n" +
      "Type of Contract :FTA International\nPost Level :D-1";
    expect(facts(notice)).toEqual([[1, "D-1"]]);
  });

  it("reads G6 and NO-B in brackets after a title", () => {
    expect(
      facts("The Unit for South-South Cooperation has an Administrative Assistant (G6) and a National Officer (NO-B)."),
    ).toEqual([
      [1, "GS"],
      [1, "NO-B"],
    ]);
  });

  it("reads posts in a list and counts 'in the General Service category'", () => {
    expect(
      facts(
        "The South-South cooperation unit comprises one D-2, two P-4 and five General Service posts, and 13 in the " +
          "General Service category.",
      ),
    ).toEqual([
      [1, "D-2"],
      [2, "P-4"],
      [5, "GS"],
      [13, "GS"],
    ]);
  });
});

describe("totals and parts in tables", () => {
  it("keeps the total and each part of an SSTC table", () => {
    const table =
      "Table 5\nResource requirements: South-South cooperation unit\n(Millions of United States dollars)\n" +
      "Total 38.6\nPosts 4.1\nNon-post 34.5";
    expect(facts(table)).toEqual([
      [38_600_000, "USD"],
      [4_100_000, "USD"],
      [34_500_000, "USD"],
    ]);
  });
});

describe("scale words and currencies", () => {
  it("reads millones, milhões, millions d'USD and M USD", () => {
    expect(facts("La cooperación Sur-Sur del Fondo recibió US$2 millones anuales.", "es")).toEqual([
      [2_000_000, "USD"],
    ]);
    expect(facts("O Programa de Cooperação Sul-Sul mobilizou cerca de 60 milhões de dólares.", "pt")).toEqual([
      [60_000_000, "USD"],
    ]);
    expect(facts("Le Fonds pour la coopération Sud-Sud a reçu 50 millions d'USD en 2021.", "fr")).toEqual([
      [50_000_000, "USD"],
    ]);
    expect(facts("Le programme de coopération Sud-Sud dispose de 12 M USD pour 2024.", "fr")).toEqual([
      [12_000_000, "USD"],
    ]);
  });
});
