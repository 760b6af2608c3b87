import { describe, expect, it } from "vitest";
import { normalize } from "./normalize.ts";
import { findStaffing } from "./staffing.ts";

const staff = (text: string) => {
  const n = normalize(text);
  return findStaffing(n.lower, n.text, 0, n.text.length).map((s) => [s.count, s.grade]);
};

describe("findStaffing", () => {
  it("reads a graded list and skips its total", () => {
    expect(staff("would provide for 9 posts (1 P-5, 3 P-4, 2 P-3, 1 P-2 and 2 General Service (Other level))")).toEqual(
      [
        [1, "P-5"],
        [3, "P-4"],
        [2, "P-3"],
        [1, "P-2"],
        [2, "GS (OL)"],
      ],
    );
  });

  it("reads number words and post nouns in four languages", () => {
    expect(staff("together with two P-4 posts")).toEqual([[2, "P-4"]]);
    expect(
      staff("Il est proposé de créer deux postes P-4 et un poste d'agent des services généraux (Autres classes)"),
    ).toEqual([
      [2, "P-4"],
      [1, "GS (OL)"],
    ]);
    expect(staff("la creación de un puesto de P-4 y 2 del Cuadro de Servicios Generales (otras categorías)")).toEqual([
      [1, "P-4"],
      [2, "GS (OL)"],
    ]);
    expect(staff("conta com dois cargos de P-3")).toEqual([[2, "P-3"]]);
    expect(staff("7 postes [1 P-5, 2 P-4, 2 P-3 et 2 G(AC)]")).toEqual([
      [1, "P-5"],
      [2, "P-4"],
      [2, "P-3"],
      [2, "GS (OL)"],
    ]);
  });

  it("reads a category when no level is given, only inside a list or before a post noun", () => {
    expect(staff("three posts (one P-5, one P-4 and one General Service)")).toEqual([
      [1, "P-5"],
      [1, "P-4"],
      [1, "GS"],
    ]);
    expect(staff("two Professional posts")).toEqual([[2, "P"]]);
    expect(staff("a professional approach to one general service")).toEqual([]);
  });

  it("reads posts at a level and titles with a grade in brackets", () => {
    expect(staff("three posts at the P-3 level")).toEqual([[3, "P-3"]]);
    expect(staff("one Programme Management Officer (P-4)")).toEqual([[1, "P-4"]]);
  });

  it("counts experts fielded and staff without grades", () => {
    expect(staff("62 experts were sent under triangular cooperation")).toEqual([[62, null]]);
    expect(staff("The unit has 4 staff members")).toEqual([[4, null]]);
  });

  it("never counts trainees, participants, projects or years", () => {
    expect(staff("3,267 personnel participated in the course; 45 trainees; 20 projects in 2023")).toEqual([]);
  });

  it("does not read the Spanish word 'no' as a national officer grade", () => {
    expect(staff("2 no-a")).toEqual([]);
  });
});

describe("findStaffing, titles and categories", () => {
  it("reads titled posts with bracketed grades, also after an article, and G levels", () => {
    expect(staff("a Chief (P-5), two Programme Officers (P-3) and an Administrative Assistant (G-6)")).toEqual([
      [1, "P-5"],
      [2, "P-3"],
      [1, "GS"],
    ]);
  });

  it("reads a pair of categories joined by 'and'", () => {
    expect(staff("staffed with one Professional and one General Service staff member")).toEqual([
      [1, "P"],
      [1, "GS"],
    ]);
  });
});

describe("findStaffing bounds", () => {
  it("does not take an upper bound for a count", () => {
    expect(staff("units had fewer than three staff")).toEqual([]);
  });
});

describe("findStaffing, staff of N", () => {
  it("reads 'a staff of 70' and 'un effectif de 25 personnes'", () => {
    expect(staff("The Office has a staff of 70.")).toEqual([[70, null]]);
    expect(staff("Le Bureau dispose d'un effectif de 25 personnes.")).toEqual([[25, null]]);
  });
});

describe("findStaffing, partitives, teams and abbreviations", () => {
  it("reads the part of a staff count and a team of people", () => {
    expect(staff("the hub had 40 staff members, of whom 12 were in the Professional category")).toEqual([
      [40, null],
      [12, "P"],
    ]);
    expect(staff("employs 60 staff, nine of whom work on trade")).toEqual([
      [60, null],
      [9, null],
    ]);
    expect(staff("o escritório tem uma equipe de 14 pessoas")).toEqual([[14, null]]);
    expect(staff("el centro cuenta con un equipo de 9 personas")).toEqual([[9, null]]);
    expect(staff("a team of 5 countries")).toEqual([]);
  });

  it("reads counts with a space as thousands separator, titles at a level, and a single graded officer", () => {
    expect(staff("plus de 2 300 experts et techniciens")).toEqual([[2300, null]]);
    expect(staff("led by a Director at the D-2 level")).toEqual([[1, "D-2"]]);
    expect(staff("only a single P-4 staff member")).toEqual([[1, "P-4"]]);
    expect(staff("some 3 per cent at the P-4 level")).toEqual([]);
  });

  it("skips a category total followed by its breakdown, and people who only took part", () => {
    expect(staff("three Professional staff (two P-4 and one P-3)")).toEqual([
      [2, "P-4"],
      [1, "P-3"],
    ]);
    expect(staff("trois administrateurs")).toEqual([[3, "P"]]);
    expect(staff("80 técnicos de 12 países participaron en el taller")).toEqual([]);
  });

  it("reads national officers and local level in Spanish", () => {
    expect(staff("1 funcionario nacional del Cuadro Orgánico y 4 de contratación local")).toEqual([
      [1, "NO"],
      [4, "LL"],
    ]);
    expect(staff("il y a 1 an")).toEqual([]);
  });
});
