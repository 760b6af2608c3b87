/**
 * Shared set-up for the API, page, auth and end-to-end tests: an app over a test database,
 * documents with pages, passages and facts (real rows, nothing mocked), keys, users and a
 * signed-in browser-like cookie jar for app.request().
 */
import { createApp, type AppDeps } from "../api/app.ts";
import { hashPassword } from "../api/auth/password.ts";
import { newApiKey } from "../api/auth/tokens.ts";
import { loadConfig, type Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { insertApiKey, insertUser } from "../db/queries/auth.ts";
import { passages } from "../db/schema/passages.ts";
import { seedDocument, seedFact } from "./seed-facts.ts";

export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({}, { logLevel: "silent", ...overrides });
}

export function makeApp(db: Db, overrides: Partial<Record<keyof Config, string>> = {}, extra: Partial<AppDeps> = {}) {
  return createApp({ db, config: testConfig(overrides), ...extra });
}

export const PAGE_TEXT =
  "Programme budget 2024. The Special Unit for South-South Cooperation receives an allocation of $3.5 million for " +
  "2024 from regular resources. The unit has two P-3 posts.";

/** One analysed UNDP budget with a passage and two facts pointing into it (funding $3.5 million, 2 P-3 posts). */
export async function seedEvidence(db: Db, opts: { year?: number; title?: string; organizationId?: string } = {}) {
  const year = opts.year ?? 2024;
  const text = PAGE_TEXT.replaceAll("2024", String(year));
  const { documentId, versionId } = await seedDocument(db, {
    organizationId: opts.organizationId ?? "undp",
    title: opts.title ?? `UNDP integrated budget ${year}`,
    pages: ["Cover page", text],
    analysisStatus: "analyzed",
  });
  const passageStart = text.indexOf("The Special");
  const passageText = text.slice(passageStart);
  const [passage] = await db
    .insert(passages)
    .values({
      versionId,
      pageNo: 2,
      start: passageStart,
      end: text.length,
      text: passageText,
      relevant: true,
      score: 0.9,
    })
    .returning({ id: passages.id });
  const quote = "$3.5 million";
  const at = text.indexOf(quote);
  const fundingId = await seedFact(db, {
    documentId,
    versionId,
    passageId: passage.id,
    organizationId: opts.organizationId ?? "undp",
    kind: "funding",
    value: 3_500_000,
    currency: "USD",
    basis: "allocation",
    period: String(year),
    subject: "Special Unit for South-South Cooperation",
    quote,
    start: at,
    end: at + quote.length,
    page: 2,
  });
  const postsQuote = "two P-3 posts";
  const pAt = text.indexOf(postsQuote);
  const staffingId = await seedFact(db, {
    documentId,
    versionId,
    passageId: passage.id,
    organizationId: opts.organizationId ?? "undp",
    kind: "staffing",
    count: 2,
    grade: "P-3",
    period: String(year),
    subject: "Special Unit for South-South Cooperation",
    quote: postsQuote,
    start: pAt,
    end: pAt + postsQuote.length,
    page: 2,
  });
  return { documentId, versionId, passageId: passage.id, fundingId, staffingId, year };
}

let counter = 0;
/** A fresh API key under a unique name; returns the key as a client would send it. */
export async function createKey(
  db: Db,
  name = `key-${Date.now().toString(36)}-${++counter}`,
): Promise<{ name: string; key: string }> {
  const k = newApiKey();
  await insertApiKey(db, { name, keyHash: k.keyHash, prefix: k.prefix });
  return { name, key: k.key };
}

export async function createUser(
  db: Db,
  name = `analyst${++counter}`,
  password = "correct horse battery",
): Promise<{ name: string; password: string }> {
  // A cheaper scrypt cost than production keeps sign-in tests fast; the stored parameters drive verification.
  await insertUser(db, name, await hashPassword(password, { cost: 2 ** 12 }));
  return { name, password };
}

type App = ReturnType<typeof makeApp>;

/** The value of one cookie from a response's Set-Cookie headers. */
export function cookieFrom(res: Response, name: string): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (m) return m[1];
  }
  return undefined;
}

export const ORIGIN = "http://localhost";

/** Signs in through the form, as a browser would; returns the cookie header and the session's CSRF token. */
export async function signIn(
  app: App,
  user: { name: string; password: string },
): Promise<{ cookie: string; csrf: string }> {
  const form = await app.request("/login");
  const loginCsrf = cookieFrom(form, "ssc_login_csrf")!;
  const res = await app.request("/login", {
    method: "POST",
    headers: {
      origin: ORIGIN,
      cookie: `ssc_login_csrf=${loginCsrf}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ name: user.name, password: user.password, csrf: loginCsrf, next: "/" }).toString(),
  });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = `ssc_session=${cookieFrom(res, "ssc_session")}`;
  const page = await (await app.request("/sources", { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error("no CSRF token on the page after sign-in");
  return { cookie, csrf };
}

/** A form POST as the browser sends it (same origin unless told otherwise). */
export function postForm(app: App, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}
