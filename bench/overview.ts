/**
 * The overview at scale: seeds 100,000 facts (or --facts 1000000; a document per 20 facts, 10%
 * with a second edition, 10 passages per version, a mix of statuses, currencies and multi-year
 * periods) into a fresh PostgreSQL database with set-based SQL, then times through `app.request`:
 * the first build, GET /api/overview/:year (the table with a link per cell; gzip accepted, and
 * not), the same with ?evidence=full (every figure with its evidence), the largest cell's evidence,
 * the overview page (kept overview), a 304, the API and the page right after a review; beside them
 * one plain SQL `sum … group by` over the same facts (the floor) with the ratios, and the full
 * load-and-build of every read before the kept overview (the reference). Prints one JSON line with
 * p50/p99 in milliseconds, and drops its database.
 *
 *   npx tsx bench/overview.ts [--facts 100000] [--runs 30] [--year 2024] [--reference-runs 10] [--keep]
 *   SSC_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres (the server's admin URL)
 */
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { buildOverview } from "../analysis/overview.ts";
import { loadConfig } from "../config.ts";
import { createDb, type Db } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { sql } from "drizzle-orm";
import { rowsOf } from "../db/queries/documents.ts";
import { effectiveUsdSql, FX_RATE_JOIN } from "../db/queries/fact-usd.ts";
import { reviewFact } from "../db/queries/reviews.ts";
import { loadOverviewInput } from "../db/queries/overview.ts";

const ADMIN_URL = process.env.SSC_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

/** Seeds with set-based SQL (generate_series): seconds, not minutes. */
export async function seed(url: string, factCount: number): Promise<{ documents: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const documents = Math.max(50, Math.round(factCount / 20));
  try {
    await sql.unsafe(`
      insert into documents (key, organization_id, url, title, type, period)
      select 'bench:' || g,
        (select id from organizations order by id offset (g % (select count(*) from organizations)) limit 1),
        'https://example.org/bench/' || g || '.pdf', 'Bench document ' || g, 'budget', (2015 + g % 12)::text
      from generate_series(1, ${documents}) g;
      insert into document_versions (document_id, sha256, bytes, media_type, url, text_status, analysis_status,
        analyzer_version, fetched_at)
      select id, md5(id::text), 1000, 'application/pdf', url, 'extracted', 'analyzed', 'bench',
        now() - interval '400 days' from documents;
      insert into document_versions (document_id, sha256, bytes, media_type, url, text_status, analysis_status,
        analyzer_version, fetched_at)
      select id, md5(id::text || 'b'), 1000, 'application/pdf', url, 'extracted', 'analyzed', 'bench',
        now() - interval '10 days' from documents where id % 10 = 0;
      insert into passages (version_id, page_no, start, "end", text, relevant, score)
      select v.id, 1 + g, 0, 180,
        'South-South and triangular cooperation remained a priority; passage ' || g || ' of version ' || v.id
          || ' describes the resources of the unit.',
        g % 3 = 0, (g % 7)::real
      from document_versions v, generate_series(0, 9) g;`);
    await sql.unsafe(`
      insert into facts (document_id, version_id, organization_id, kind, value, currency, period, period_start,
        period_end, basis, count, grade, subject, quote, start, "end", page, confidence, fingerprint, status,
        corrected_value, corrected_currency, evidence)
      select d.id, v.id, d.organization_id, k.kind,
        case when k.kind = 'funding' then (g % 997 + 1) * 10000.0 end,
        case when k.kind = 'funding' then c.cur end,
        p.start || case when p.len > 1 then '-' || (p.start + p.len - 1) else '' end, p.start, p.start + p.len - 1,
        case when k.kind = 'funding' then (array['budget','allocation','expenditure','contribution','pledge',
          'commitment','disbursement'])[1 + g % 7] end,
        case when k.kind = 'staffing' then 1 + g % 4 end,
        case when k.kind = 'staffing'
          then (array['D-1','P-5','P-4','P-3','P-2','GS (OL)','NO-B','GS (PL)'])[1 + g % 8] end,
        (array['South-South Cooperation Unit','United Nations Fund for South-South Cooperation',
          'Perez-Guerrero Trust Fund for South-South Cooperation',
          'India, Brazil and South Africa Facility for Poverty and Hunger Alleviation (IBSA Fund)',
          'Technical Cooperation among Developing Countries Unit',
          'South-South and triangular cooperation programme'])[1 + g % 6],
        'quote ' || g, 10, 30, 1 + g % 20, 0.9, 'bench|' || g,
        (case g % 50 when 0 then 'rejected' when 1 then 'confirmed' when 2 then 'corrected' when 3 then 'superseded'
          else 'auto' end),
        case when g % 50 = 2 and k.kind = 'funding' then (g % 997 + 2) * 10000.0 end,
        case when g % 50 = 2 and k.kind = 'funding' then 'USD' end,
        jsonb_build_object('source', 'bench')
      from generate_series(1, ${factCount}) g
      -- Each document's newest and oldest version once, not a lookup per fact: a million rows in seconds.
      join (select d.id, d.organization_id, max(v.id) as newest, min(v.id) as oldest
            from documents d join document_versions v on v.document_id = d.id
            group by d.id) d on d.id = 1 + g % ${documents}
      -- One fact in twenty is from the older edition of its document (when it has two): superseded history.
      cross join lateral (select case when g % 20 = 0 then d.oldest else d.newest end as id) v
      cross join lateral (select case when g % 10 < 6 then 'funding' when g % 10 < 9 then 'staffing' else 'unit' end
                          as kind) k
      cross join lateral (select case g % 13 when 0 then 'EUR' when 1 then 'CHF' when 2 then 'JPY' else 'USD' end
                          as cur) c
      cross join lateral (select 2015 + (g / 7) % 12 as start, case when g % 4 = 0 then 2 else 1 end as len) p;
      analyze;`);
    return { documents };
  } finally {
    await sql.end();
  }
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 10) / 10;
};

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await fn(); // warm-up: plans cached, JIT warm
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

/** Steady reads through the app (kept overview), the first build, 304s, and reads right after a review. */
async function apiTimings(db: Db, year: number, runs: number) {
  const { createApp } = await import("../api/app.ts");
  const config = loadConfig(process.env);
  const app = createApp({ db, config });
  const get = async (path: string, headers: Record<string, string> = {}, status = 200) => {
    const res = await app.request(path, { headers });
    if (res.status !== status) throw new Error(`${path}: HTTP ${res.status}`);
    await res.arrayBuffer();
    return res;
  };
  const t0 = performance.now();
  const first = await get(`/api/overview/${year}`);
  const firstBuildMs = Math.round(performance.now() - t0);
  // As browsers and HTTP libraries ask: gzip accepted. Without it, the bytes of a large overview dominate.
  const gzip = { "accept-encoding": "gzip" };
  const api = await time(runs, () => get(`/api/overview/${year}`, gzip));
  const apiIdentity = await time(runs, () => get(`/api/overview/${year}`));
  const bytes = (await (await app.request(`/api/overview/${year}`)).arrayBuffer()).byteLength;
  const gzipBytes = (await (await app.request(`/api/overview/${year}`, { headers: gzip })).arrayBuffer()).byteLength;
  // Every figure with its evidence inline, as the API answered before the table with links.
  const full = `/api/overview/${year}?evidence=full`;
  const apiFull = await time(Math.min(runs, 10), () => get(full, gzip));
  const apiFullIdentity = await time(Math.min(runs, 10), () => get(full));
  const fullBytes = (await (await app.request(full)).arrayBuffer()).byteLength;
  // The largest cell's evidence: what a client fetches after the table.
  const table = (await (await app.request(`/api/overview/${year}`)).json()) as {
    totals: { fundingByBasis: Array<{ evidence: { count: number; href: string } }> };
  };
  const largest = table.totals.fundingByBasis.reduce((a, b) => (b.evidence.count > a.evidence.count ? b : a));
  const cell = await time(runs, () => get(largest.evidence.href, gzip));
  const page = await time(runs, () => get(`/?year=${year}`));
  const etag = (await get(`/api/overview/${year}`)).headers.get("etag") ?? first.headers.get("etag")!;
  const notModified = await time(runs, () => get(`/api/overview/${year}`, { "if-none-match": etag }, 304));
  // A review changes one organization: the next read rebuilds that organization and the system-wide tables.
  const [{ id }] = rowsOf<{ id: number }>(
    await db.execute(
      sql`select id from facts where status = 'auto' and kind = 'funding' and period_start = ${year} limit 1`,
    ),
  );
  // The request right after a review, timed alone; the review's own write (triggers included) beside it.
  let flip = false;
  const writes: number[] = [];
  const afterReviewOf = async (path: string) => {
    const ms: number[] = [];
    for (let i = 0; i < Math.min(runs, 5); i++) {
      flip = !flip;
      const t0 = performance.now();
      await reviewFact(db, { id, action: flip ? "confirm" : "reset", actor: "bench", actorKind: "cli" });
      const t1 = performance.now();
      await get(path, path.startsWith("/api/") ? gzip : {});
      writes.push(t1 - t0);
      ms.push(performance.now() - t1);
    }
    return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
  };
  const afterReview = await afterReviewOf(`/api/overview/${year}`);
  const pageAfterReview = await afterReviewOf(`/?year=${year}`);
  const reviewWrite = { p50: percentile(writes, 50), p99: percentile(writes, 99) };
  return {
    firstBuildMs,
    api,
    apiIdentity,
    bytes,
    gzipBytes,
    apiFull,
    apiFullIdentity,
    fullBytes,
    cell: { ...cell, evidence: largest.evidence.count },
    page,
    notModified,
    afterReview,
    pageAfterReview,
    reviewWrite,
  };
}

/**
 * The floor: one plain SQL sum of the same facts' USD (converted in SQL, `effectiveUsdSql`), grouped by
 * organization, basis and currency.
 */
async function floorTimings(db: Db, year: number, runs: number) {
  return time(runs, () =>
    db.execute(sql`select facts.organization_id, facts.basis, facts.currency, sum(${effectiveUsdSql()}), count(*)
      from facts left join fx_rates on ${FX_RATE_JOIN}
      where facts.kind = 'funding' and facts.status in ('auto', 'confirmed', 'corrected')
        and facts.period_start <= ${year} and coalesce(facts.period_end, facts.period_start) >= ${year}
      group by facts.organization_id, facts.basis, facts.currency`),
  );
}

/** Runs the benchmark and prints one JSON line. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<Record<string, unknown>> {
  const facts = arg(argv, "facts", 100_000);
  const runs = arg(argv, "runs", 30);
  const year = arg(argv, "year", 2024);
  // The full build takes seconds at a million facts: a few runs say enough.
  const referenceRuns = arg(argv, "reference-runs", facts > 200_000 ? 3 : 10);
  const name = `ssc_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const handle = await createDb({ databaseUrl: url, maxConnections: 10 });
  try {
    await migrate(handle);
    const loadBefore = Math.round(loadavg()[0] * 10) / 10;
    const t0 = performance.now();
    const { documents } = await seed(url, facts);
    const seedMs = Math.round(performance.now() - t0);
    const now = new Date();
    const http = await apiTimings(handle.db, year, runs);
    const floor = await floorTimings(handle.db, year, runs);
    const input = await loadOverviewInput(handle.db, year, now);
    // The reference: every fact of the five years read and aggregated in the process, each time.
    const reference = await time(referenceRuns, async () =>
      buildOverview(await loadOverviewInput(handle.db, year, now)),
    );
    const ratio = (x: number, y: number) => Math.round((x / y) * 10) / 10;
    // Other work on the machine shows in every figure: say how busy it was.
    const result = {
      bench: "overview",
      database: "postgres",
      cpus: cpus().length,
      loadAverage: { before: loadBefore, after: Math.round(loadavg()[0] * 10) / 10 },
      facts,
      documents,
      year,
      factsOfTrendYears: input.facts.length,
      runs,
      seedMs,
      firstBuildMs: http.firstBuildMs,
      apiMs: http.api,
      apiWithoutGzipMs: http.apiIdentity,
      apiBytes: { json: http.bytes, gzip: http.gzipBytes, full: http.fullBytes },
      apiFullMs: http.apiFull,
      apiFullWithoutGzipMs: http.apiFullIdentity,
      cellEvidenceMs: http.cell,
      pageMs: http.page,
      notModifiedMs: http.notModified,
      apiAfterReviewMs: http.afterReview,
      pageAfterReviewMs: http.pageAfterReview,
      reviewWriteMs: http.reviewWrite,
      sqlFloorMs: floor,
      apiToFloor: { p50: ratio(http.api.p50, floor.p50), p99: ratio(http.api.p99, floor.p99) },
      apiWithoutGzipToFloor: {
        p50: ratio(http.apiIdentity.p50, floor.p50),
        p99: ratio(http.apiIdentity.p99, floor.p99),
      },
      pageToFloor: { p50: ratio(http.page.p50, floor.p50), p99: ratio(http.page.p99, floor.p99) },
      referenceLoadAndBuildMs: { ...reference, runs: referenceRuns },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result;
  } finally {
    await handle.close();
    if (argv.includes("--keep")) process.stderr.write(`kept ${url}\n`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
