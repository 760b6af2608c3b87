import { describe, expect, it } from "vitest";
import { canonicalGrade, isGradeCase } from "./grades.ts";

describe("canonicalGrade", () => {
  it.each([
    ["P-4", "P-4"],
    ["p4", "P-4"],
    ["D 1".replace(" ", "-"), "D-1"],
    ["NO-B", "NO-B"],
    ["USG", "USG"],
    ["Assistant Secretary-General", "ASG"],
    ["G(AC)", "GS (OL)"],
    ["G (1C)", "GS (PL)"],
    ["GS (OL)", "GS (OL)"],
    ["General Service (Other level)", "GS (OL)"],
    ["General Service (Principal level)", "GS (PL)"],
    ["Servicios Generales (otras categorías)", "GS (OL)"],
    ["del Cuadro de Servicios Generales (categoría principal)", "GS (PL)"],
    ["agent des services généraux (Autres classes)", "GS (OL)"],
    ["General Service", "GS"],
    ["National Professional Officer", "NO"],
    ["Field Service", "FS"],
    ["Local level", "LL"],
    ["Professional", "P"],
  ])("%s → %s", (written, code) => {
    expect(canonicalGrade(written)).toBe(code);
  });

  it("returns null for what is not a grade", () => {
    expect(canonicalGrade("P-7")).toBeNull();
    expect(canonicalGrade("posts")).toBeNull();
  });
});

describe("isGradeCase", () => {
  it("wants short codes in capitals", () => {
    expect(isGradeCase("NO-B")).toBe(true);
    expect(isGradeCase("no-b")).toBe(false);
    expect(isGradeCase("G(AC)")).toBe(true);
  });
});
