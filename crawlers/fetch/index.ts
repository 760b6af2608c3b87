export { createFetcher, type PoliteFetcher, type StreamResult } from "./create-fetcher.ts";
export type { FetcherOptions, FetcherStats } from "./options.ts";
export { parseRobots, productToken, type RobotsRules } from "./robots.ts";
export { backoffDelayMs, parseRetryAfterMs } from "./retry.ts";
export { detectCharset, decodeBytes, isTextual } from "./charset.ts";
export { parseContentType, resolveMediaType, isPdf, looksLikeHtml } from "./content.ts";
