import { describe, expect, it } from "vitest";
import { normalize } from "./normalize.ts";
import { scoreRelevance } from "./relevance.ts";
import { matchSubject, scanAnchors } from "./vocabulary.ts";

const relevant = (text: string, lang = "en") => scoreRelevance(scanAnchors(normalize(text), lang)).relevant;

describe("SSTC relevance", () => {
  it.each([
    ["Support to SouthSouth exchanges grew.", "en"],
    ["The South- South agenda moved forward.", "en"],
    ["Triangular cooperation with Japan continued.", "en"],
    ["Technical cooperation among developing countries (TCDC) was reviewed.", "en"],
    ["Projects funded by the Perez Guerrero Trust Fund were approved.", "en"],
    ["The IsDB financed 12 RL operations.", "en"],
    ["La coopération Sud-Sud reste une priorité.", "fr"],
    ["Le Mécanisme de CSST Chine-FIDA a été créé.", "fr"],
    ["El Fondo apoya la cooperación entre Chile y México.", "es"],
    ["La FAO encomendó la CSS a su Departamento.", "es"],
    ["A cooperação Sul-Sul depende do orçamento.", "pt"],
    ["The Brazil-ILO programme allocated resources.", "en"],
  ])("%s is SSTC", (text, lang) => {
    expect(relevant(text, lang)).toBe(true);
  });

  it.each([
    ["UNIDO implemented a technical cooperation project in India.", "en"],
    ["Korea will contribute to the UNDP Multi-Partner Trust Fund.", "en"],
    ["South Africa and South Sudan signed an agreement on the Southern African region.", "en"],
    ["Investment in the least developed countries will rise.", "en"],
    ["Developing countries need more resources.", "en"],
    ["CSS styles are used on the web page.", "en"],
    ["The RL circuit was tested.", "en"],
  ])("%s is not SSTC", (text, lang) => {
    expect(relevant(text, lang)).toBe(false);
  });

  it("weak signals need company", () => {
    expect(relevant("Partners in the global South met.")).toBe(false);
    expect(relevant("Partners in the global South shared Southern solidarity.")).toBe(true);
  });
});

describe("matchSubject", () => {
  it("finds the canonical unit through aliases, accents and hyphens", () => {
    expect(matchSubject("Pérez Guerrero Trust Fund")?.id).toBe("pgtf");
    expect(matchSubject("Special Unit for TCDC")?.id).toBe("su-ssc");
    expect(matchSubject("UN Office for South-South Cooperation")).toEqual({
      id: "unossc",
      name: "United Nations Office for South-South Cooperation",
    });
    expect(matchSubject("China-IFAD SSTC Facility")?.id).toBe("china-ifad-facility");
  });

  it("returns null for names that are not SSTC units", () => {
    expect(matchSubject("UNDP Multi-Partner Trust Fund")).toBeNull();
    expect(matchSubject("South-South cooperation")).toBeNull();
  });
});

describe("acronyms", () => {
  it("are case-sensitive and not read inside document symbols", () => {
    expect(relevant("The framework (DP/CF/SSC/4) was approved.")).toBe(false);
    expect(relevant("The ssc value was low.")).toBe(false);
    expect(relevant("The SSC framework was approved.")).toBe(true);
  });
});

describe("conditional aliases", () => {
  it("a rejected alias does not hide a plain term at the same place", () => {
    // "South-South Cooperation Trust Fund" is an AfDB alias that needs AfDB on the page.
    const anchors = scanAnchors(normalize("The SouthSouth cooperation trust fund grew."), "en");
    expect(anchors.map((a) => [a.kind, a.unitId ?? null])).toContainEqual(["term", null]);
    expect(anchors.some((a) => a.unitId === "afdb-ssc-trust-fund")).toBe(false);
  });

  it("the same alias is the AfDB fund when AfDB is named", () => {
    const anchors = scanAnchors(normalize("The AfDB South-South Cooperation Trust Fund grew."), "en");
    expect(anchors.some((a) => a.unitId === "afdb-ssc-trust-fund")).toBe(true);
  });
});
