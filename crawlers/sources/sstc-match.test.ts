import { describe, expect, it } from "vitest";
import { matchSstc, matchSstcFund, textReason } from "./sstc-match.ts";

describe("matchSstc", () => {
  it("finds South-South and triangular cooperation in the four languages, accents and spelling aside", () => {
    expect(matchSstc("Apoyo a la cooperación Sur-Sur en salud")).toBe("sur-sur");
    expect(matchSstc("Appui à la coopération Sud–Sud")).toBe("sud-sud");
    expect(matchSstc("Cooperação Sul Sul e triangular")).toBe("sul-sul");
    expect(matchSstc("SOUTH-SOUTH COOPERATION ON RETT")).toBe("south-south");
    expect(matchSstc("Triangular co-operation with Mexico")).toMatch(/triangular co-?operation/);
    expect(matchSstc("Technical cooperation among developing countries (TCDC)")).not.toBeNull();
  });

  it("takes acronyms only in capitals and as whole words", () => {
    expect(matchSstc("SSTC knowledge exchange")).toBe("SSTC");
    expect(matchSstc("the sstc of the wind")).toBeNull();
    expect(matchSstc("Road maintenance SSCX phase II")).toBeNull();
  });

  it("leaves ordinary development activities alone", () => {
    for (const title of [
      "Response to the outbreak of the disease Ebola in Mali",
      "Support to National Disaster Preparedness",
      "Urban Transport Improvement",
      "South Sudan health systems",
    ]) {
      expect(matchSstc(title)).toBeNull();
    }
  });

  it("says which field matched", () => {
    expect(textReason("title", "Cooperación Sur-Sur")).toBe('title matches "sur-sur"');
    expect(textReason("title", "Roads")).toBeNull();
  });
});

describe("matchSstcFund", () => {
  it("recognises known SSTC funds by name or alias, and not ordinary organisations", () => {
    expect(matchSstcFund("Pérez-Guerrero Trust Fund")).toBe("Perez-Guerrero Trust Fund for South-South Cooperation");
    expect(matchSstcFund("IBSA Fund")).toMatch(/IBSA/);
    expect(matchSstcFund("United Nations Development Programme")).toBeNull();
    expect(matchSstcFund("Government of Brazil")).toBeNull();
  });
});
