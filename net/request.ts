import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { checkUrl, guardedLookup, RefusedTarget, type OutboundPolicy } from "./outbound.ts";

/**
 * One outbound HTTP request to a user-given URL, through the outbound gate at every step: the URL
 * as written, the address connected to (the lookup runs inside the connection), and each redirect
 * again. Built on node:http rather than fetch because fetch cannot take a per-request `lookup`.
 * The response body is read up to `maxBodyBytes` (default: not at all) and never more.
 */

export interface PublicRequest {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  policy: OutboundPolicy;
  /** 0 (default): a redirect is returned as it is; otherwise followed, each hop checked again. */
  maxRedirects?: number;
  maxBodyBytes?: number;
}

export interface PublicResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered (after redirects). */
  url: string;
  body: Buffer;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

function once(req: PublicRequest, url: URL): Promise<PublicResponse> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = send(
      url,
      {
        method: req.method ?? "GET",
        headers:
          req.body === undefined ? req.headers : { ...req.headers, "content-length": Buffer.byteLength(req.body) },
        lookup: guardedLookup(req.policy),
        // A fresh connection per request: a pooled socket would skip the connect-time check.
        agent: false,
        signal: AbortSignal.timeout(req.timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const max = req.maxBodyBytes ?? 0;
        res.on("data", (chunk: Buffer) => {
          if (size < max) chunks.push(chunk.subarray(0, max - size));
          size += chunk.length;
          if (size >= max) res.destroy();
        });
        const done = () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, url: url.href, body: Buffer.concat(chunks) });
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    r.on("error", reject);
    r.end(req.body);
  });
}

/**
 * @example await requestPublic({ url: hook, method: "POST", body, timeoutMs: 10_000, policy }) // { status: 204, ... }
 * @throws RefusedTarget when the URL, an address or a redirect is not allowed; network errors as node raises them
 */
export async function requestPublic(req: PublicRequest): Promise<PublicResponse> {
  let url = checkUrl(req.url, req.policy);
  for (let hop = 0; ; hop++) {
    const res = await once(req, url);
    const location = res.headers.location;
    if (!REDIRECT.has(res.status) || !location || hop >= (req.maxRedirects ?? 0)) return res;
    const next = URL.canParse(location, url) ? new URL(location, url).href : undefined;
    if (!next) throw new RefusedTarget(`The redirect to "${location}" is not a URL`, url.href);
    url = checkUrl(next, req.policy);
    if (res.status === 303) req = { ...req, method: "GET", body: undefined };
  }
}
