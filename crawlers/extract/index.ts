export { extractText, type ExtractInput, type ExtractedText } from "./text.ts";
export { extractPdfPages, readPdf, type PdfOptions, type PdfText } from "./pdf.ts";
export { extractHtml, type HtmlLink, type HtmlText } from "./html.ts";
export { detectLanguage, type Language } from "./language.ts";
