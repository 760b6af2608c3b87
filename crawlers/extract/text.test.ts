import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makePdf } from "../../test/fixtures/make-pdf.ts";
import { ExtractError } from "../errors.ts";
import { detectLanguage } from "./language.ts";
import { extractText } from "./text.ts";

const fetchFixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/fetch/${name}`, import.meta.url)));

describe("extractText", () => {
  it("gives PDFs one page per page, with title and language", async () => {
    const bytes = makePdf(
      [
        "Le budget de l'unité Sud-Sud est de 3,5 millions de dollars pour la période.",
        "Les postes sont financés par le fonds.",
      ],
      { title: "Rapport" },
    );
    expect(await extractText({ bytes, mediaType: "application/pdf", charset: null })).toEqual({
      pages: [
        "Le budget de l'unité Sud-Sud est de 3,5 millions de dollars pour la période.",
        "Les postes sont financés par le fonds.",
      ],
      title: "Rapport",
      language: "fr",
    });
  });

  it("decodes HTML in its character set and keeps the main text", async () => {
    const result = await extractText({
      bytes: fetchFixture("cafe-windows-1252.html"),
      mediaType: "text/html",
      charset: "windows-1252",
      url: "https://x.org/",
    });
    expect(result.pages).toEqual(["Le café – 2024 : « budget » de l’unité Sud-Sud, 3,5 millions €."]);
    expect(result.title).toBe("Coopération Sud-Sud – rapport 2024");
    expect(result.language).toBe("fr");
  });

  it("keeps plain text, JSON and XML as text", async () => {
    const bytes = new TextEncoder().encode('{"title":"South-South cooperation"}');
    expect((await extractText({ bytes, mediaType: "application/json", charset: null })).pages).toEqual([
      '{"title":"South-South cooperation"}',
    ]);
  });

  it("refuses media types it cannot read", async () => {
    const error = await extractText({
      bytes: new Uint8Array([0x50, 0x4b, 3, 4]),
      mediaType: "application/zip",
      charset: null,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as ExtractError).reason).toBe("unsupported-media-type");
  });
});

describe("detectLanguage", () => {
  it("tells English, French, Spanish and Portuguese apart", () => {
    expect(
      detectLanguage("The Office for South-South Cooperation received $3.5 million from the fund for the biennium."),
    ).toBe("en");
    expect(
      detectLanguage("Le Bureau pour la coopération Sud-Sud a reçu 3,5 millions de dollars du fonds pour la période."),
    ).toBe("fr");
    expect(
      detectLanguage(
        "La Oficina para la Cooperación Sur-Sur recibió 3,5 millones de dólares del fondo para el bienio.",
      ),
    ).toBe("es");
    expect(
      detectLanguage("O Escritório para a Cooperação Sul-Sul recebeu 3,5 milhões de dólares do fundo para o biénio."),
    ).toBe("pt");
  });

  it("says nothing about text too short to tell", () => {
    expect(detectLanguage("Table 3: DP/CF/SSC/7")).toBeNull();
    expect(detectLanguage("")).toBeNull();
  });
});
