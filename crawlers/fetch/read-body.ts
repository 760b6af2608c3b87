import { FetchError } from "../errors.ts";

/**
 * Response bodies read under a size cap. The cap is checked on every chunk as it arrives, not
 * after the download: a server that sends no Content-Length (or lies about it) cannot make us
 * hold more than `maxBytes` in memory or on the wire.
 */

export function tooLarge(
  url: string,
  maxBytes: number,
  status: number,
  declaredBytes?: number,
  encoding?: string | null,
): FetchError {
  const size = declaredBytes === undefined ? "more than" : `${declaredBytes} bytes, over`;
  // The cap counts decoded bytes: a small gzip body that inflates past it is a compression bomb.
  const decoded = encoding ? ` once decompressed (Content-Encoding: ${encoding}; a compression bomb?)` : "";
  return new FetchError(
    "too-large",
    `${url} is ${size} the ${maxBytes}-byte cap${decoded}; download stopped and recorded as a failure (raise ` +
      `maxBytes for this source if the file is wanted)`,
    url,
    { status },
  );
}

/** Rejects before reading when the server announces a body over the cap. */
export function checkDeclaredLength(headers: Headers, maxBytes: number, url: string, status: number): void {
  const declared = Number(headers.get("content-length") ?? NaN);
  // Content-Length counts compressed bytes when the body is encoded; the decoded body is only larger.
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(url, maxBytes, status, declared);
}

export interface BodyLimits {
  maxBytes: number;
  url: string;
  status: number;
  onBytes: (n: number) => void;
  /** The response's Content-Encoding (fetch decodes gzip, deflate and br), named in the error. */
  encoding?: string | null;
}

/**
 * Yields the body's chunks, stopping (and cancelling the download) once more than `maxBytes`
 * arrived. `onBytes` counts what was received, for the fetcher's statistics.
 */
export async function* cappedChunks(
  body: ReadableStream<Uint8Array> | null,
  limits: BodyLimits,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (!body) return;
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      limits.onBytes(value.byteLength);
      if (total > limits.maxBytes)
        throw tooLarge(limits.url, limits.maxBytes, limits.status, undefined, limits.encoding);
      yield value;
    }
  } finally {
    // Stops the transfer when we leave early (cap, consumer break, error); a no-op once done.
    await reader.cancel().catch(() => undefined);
  }
}

/** Reads a whole body into one array, under the cap. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, limits: BodyLimits): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of cappedChunks(body, limits)) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Drops a body we do not want (redirects, errors) so the connection can be reused or closed. */
export async function discard(body: ReadableStream<Uint8Array> | null): Promise<void> {
  await body?.cancel().catch(() => undefined);
}
