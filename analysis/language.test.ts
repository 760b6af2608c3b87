import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language.ts";

describe("detectLanguage", () => {
  it.each([
    ["The Fund has supported projects in the region with the help of partners.", "en"],
    ["Le Fonds a financé des projets dans la région avec l'appui des partenaires du Sud.", "fr"],
    ["El Fondo ha financiado proyectos en la región con el apoyo de los asociados del Sur.", "es"],
    ["O Fundo financiou projetos na região com o apoio dos parceiros do Sul e da cooperação.", "pt"],
  ])("%s", (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it("falls back to English on text without words", () => {
    expect(detectLanguage("1 804.2 2 950.0")).toBe("en");
  });
});
