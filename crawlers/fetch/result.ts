import { createHash } from "node:crypto";
import type { Expect, FetchRequest, FetchResult } from "../types.ts";
import { decodeBytes, detectCharset } from "./charset.ts";
import { assertExpected, parseContentType, resolveMediaType } from "./content.ts";
import type { Answer } from "./hop.ts";

/**
 * Turns a final answer into a FetchResult, refusing bodies that are not what was expected.
 * On 304 the body is empty and `sha256` is "" (the stored version's hash still holds); the
 * validators are the new ones if the server sent them, else the ones we sent.
 */
export function buildResult(url: string, finalUrl: string, answer: Answer, req: FetchRequest): FetchResult {
  const { mediaType: declared, charset: headerCharset } = parseContentType(answer.headers.get("content-type"));
  const etag = answer.headers.get("etag");
  const lastModified = answer.headers.get("last-modified");
  if (answer.status === 304) {
    return {
      url,
      finalUrl,
      status: 304,
      notModified: true,
      body: answer.body,
      mediaType: declared,
      charset: null,
      etag: etag ?? req.etag ?? null,
      lastModified: lastModified ?? req.lastModified ?? null,
      sha256: "",
      text: () => "",
    };
  }
  const expect: Expect = req.expect ?? "any";
  const mediaType = resolveMediaType(answer.body, declared, finalUrl);
  assertExpected(expect, answer.body, { mediaType, declared, url: finalUrl, status: answer.status });
  const charset = detectCharset(answer.body, { mediaType, headerCharset });
  let decoded: string | undefined;
  return {
    url,
    finalUrl,
    status: answer.status,
    notModified: false,
    body: answer.body,
    mediaType,
    charset,
    etag,
    lastModified,
    sha256: createHash("sha256").update(answer.body).digest("hex"),
    text: () => (decoded ??= decodeBytes(answer.body, charset)),
  };
}
