import { describe, expect, it } from "vitest";
import { currencyCode, findMoney } from "./money.ts";
import { normalize } from "./normalize.ts";

const money = (text: string, lang = "en") =>
  findMoney(normalize(text).lower, lang).map((m) => ({ value: m.value, currency: m.currency }));

describe("findMoney", () => {
  it.each([
    ["US$14.2 million was awarded", "en", 14200000, "USD"],
    ["a USD30 million trust fund", "en", 30000000, "USD"],
    ["some $35.000 per project", "es", 35000, "USD"],
    ["US$ 3,2 milhões em 2023", "pt", 3200000, "USD"],
    ["10 millions d’USD", "fr", 10000000, "USD"],
    ["1 912 400 dollars", "fr", 1912400, "USD"],
    ["1.486.300 dólares", "es", 1486300, "USD"],
    ["dos millones de dólares", "es", 2000000, "USD"],
    ["2 billion US dollars", "en", 2000000000, "USD"],
    ["800,000 U.S. dollars", "en", 800000, "USD"],
    ["€950,000 from the regular budget", "en", 950000, "EUR"],
    ["CHF 1.2 million", "en", 1200000, "CHF"],
    ["1,2 million de francs suisses", "fr", 1200000, "CHF"],
    ["US$ 400,000.00", "en", 400000, "USD"],
    ["1.500 mil millones de dólares", "es", 1500000000000, "USD"],
    ["500 mil dólares", "pt", 500000, "USD"],
    ["3 milliards de dollars des États-Unis", "fr", 3000000000, "USD"],
    ["US$ 1\u00a0200\u00a0000", "en", 1200000, "USD"],
    ["$2.5bn", "en", 2500000000, "USD"],
  ] as const)("%s", (text, lang, value, currency) => {
    expect(money(text, lang)).toEqual([{ value, currency }]);
  });

  it("reads a range as one amount with its upper end", () => {
    const [m] = findMoney(normalize("between $3-5 million a year").lower);
    expect([m.value, m.valueMax, m.perYear]).toEqual([3000000, 5000000, true]);
  });

  it("keeps two amounts joined by 'and' apart", () => {
    expect(money("$1 million and $2 million")).toHaveLength(2);
  });

  it("finds no money in percentages, years, counts, symbols or bare numbers", () => {
    expect(money("12 per cent of 35 projects in 2023 (DP/CF/SSC/7, A/78/290), 1,500 participants")).toEqual([]);
  });

  it("does not take other dollars for US dollars", () => {
    expect(money("HK$ 5 million")).toEqual([]);
  });
});

describe("currencyCode", () => {
  it("maps written currencies to ISO codes ($ is USD in UN texts)", () => {
    expect(
      ["$", "dólares estadounidenses", "dollars des etats-unis", "€", "francs suisses", "R$"].map(currencyCode),
    ).toEqual(["USD", "USD", "USD", "EUR", "CHF", "BRL"]);
  });
});

describe("findMoney ranges", () => {
  it("does not read 'to 35 projects' as the end of a range", () => {
    const [m] = findMoney(normalize("US$ 39.1 million to 35 projects").lower);
    expect([m.value, m.valueMax, m.end]).toEqual([39100000, undefined, "us$ 39.1 million".length]);
  });
});

describe("findMoney, other ways of writing", () => {
  it.each([
    ["US $5 million", 5000000, "USD"],
    ["Rs 10 crore", 100000000, "INR"],
    ["100 million yuan", 100000000, "CNY"],
    ["a billion dollars", 1000000000, "USD"],
    ["five million US dollars", 5000000, "USD"],
  ] as const)("%s", (text, value, currency) => {
    expect(money(text)).toEqual([{ value, currency }]);
  });
});

describe("findMoney, hyphenated scale", () => {
  it("reads 'US$1.5-million grant' and still reads '$3-5 million' as a range", () => {
    expect(money("a US$1.5-million grant")).toEqual([{ value: 1500000, currency: "USD" }]);
    const [m] = findMoney(normalize("$3-5 million").lower);
    expect([m.value, m.valueMax]).toEqual([3000000, 5000000]);
  });
});

describe("findMoney, more currencies", () => {
  it.each([
    ["800 millones de pesos mexicanos", 800000000, "MXN"],
    ["ZAR 12 million", 12000000, "ZAR"],
    ["SwF 80,000", 80000, "CHF"],
    ["R$ 2,5 bilhões", 2500000000, "BRL"],
  ] as const)("%s", (text, value, currency) => {
    expect(money(text)).toEqual([{ value, currency }]);
  });

  it("does not read a word ending like a currency code as money", () => {
    expect(money("over 3 years of scope")).toEqual([]);
  });
});

describe("findMoney, two-ended amounts and bare parts", () => {
  it("reads 'from US$ 300,000 to US$ 450,000' as two amounts, '$3-5 million' as one range", () => {
    expect(money("grants from US$ 300,000 to US$ 450,000 each")).toEqual([
      { value: 300000, currency: "USD" },
      { value: 450000, currency: "USD" },
    ]);
    expect(money("$3-5 million")).toEqual([{ value: 3000000, currency: "USD" }]);
  });

  it("gives a scaled part after 'of which' / 'dont' the currency of its whole, never a count of people", () => {
    expect(money("€4.2 million, of which 1.1 million for training")).toEqual([
      { value: 4200000, currency: "EUR" },
      { value: 1100000, currency: "EUR" },
    ]);
    expect(money("US$ 2 million, including 3 million people")).toEqual([{ value: 2000000, currency: "USD" }]);
    expect(money("of which 1.1 million for training")).toEqual([]);
  });
});
