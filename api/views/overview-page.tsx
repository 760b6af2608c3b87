import type { Overview, OrganizationOverview } from "../../analysis/overview-types.ts";
import { BASES } from "../../analysis/overview.ts";
import { BASIS_LABEL } from "../../analysis/overview-words.ts";
import { EXPORT_FORMATS } from "../exports.ts";
import { cellExplanation, Explainers, PendingSection, ReviewBadge, TrendSection } from "./figures.tsx";
import { num, when } from "./format.ts";
import { YearPicker } from "./year-picker.tsx";

/** One fact opens its evidence page; a total of several opens the list of its facts: two clicks to any quote. */
export function evidenceHref(ids: number[]): string {
  const unique = [...new Set(ids)];
  return unique.length === 1 ? `/facts/${unique[0]}` : `/evidence?facts=${unique.join(",")}`;
}

function Cell({ value, ids, title }: { value: number | null; ids: number[]; title: string }) {
  if (value === null || !ids.length) return <td class="num">{value === null ? "–" : num(value)}</td>;
  return (
    <td class="num">
      <a href={evidenceHref(ids)} title={title}>
        {num(value)}
      </a>
    </td>
  );
}

const changeOf = (org: OrganizationOverview, basis: string) =>
  org.change.fundingByBasis.find((x) => x.basis === basis)?.text ?? "";

function AgencyTable({ o }: { o: Overview }) {
  const bases = BASES.filter((b) => o.organizations.some((org) => org.fundingByBasis.some((f) => f.basis === b)));
  return (
    <table id="agency-table">
      <caption>
        US dollars counted for {o.year} by basis (never added up), how each was counted, its review state and its
        change; posts; units and funds; documents with facts / analysed. Each number opens its evidence.
      </caption>
      <thead>
        <tr>
          <th scope="col">Organization</th>
          {bases.map((b) => (
            <th scope="col" class="num">
              {BASIS_LABEL[b] ?? b}
            </th>
          ))}
          <th scope="col" class="num">
            Posts
          </th>
          <th scope="col">Units and funds</th>
          <th scope="col" class="num" title="Documents with facts / documents analysed">
            Documents
          </th>
        </tr>
      </thead>
      <tbody>
        {o.organizations.map((org) => (
          <tr data-org={org.id}>
            <th scope="row">
              <a href={`/organizations/${org.id}?year=${o.year}`}>{org.acronym}</a>
              <div class="small muted">{org.name}</div>
            </th>
            {bases.map((b) => {
              const t = org.fundingByBasis.find((f) => f.basis === b);
              return t ? (
                <td class="num figure" data-basis={b}>
                  <a href={evidenceHref(t.evidenceIds)} title={t.explanation}>
                    {num(t.usdForYear)}
                  </a>
                  <div class="explain small">{cellExplanation(t.explanation)}</div>
                  <ReviewBadge figures={org.funding.filter((f) => f.basis === b)} />
                  <div class="small muted change">{changeOf(org, b)}</div>
                </td>
              ) : (
                <td class="num muted">–</td>
              );
            })}
            {org.staffing.length ? (
              <td class="num figure" data-measure="posts">
                <a
                  href={evidenceHref(org.posts.flatMap((p) => p.evidenceIds))}
                  title={org.posts.map((p) => `${p.grade}: ${p.count}`).join(", ")}
                >
                  {num(org.postsTotal)}
                </a>
                <div class="explain small">{org.posts.map((p) => `${num(p.count)} at ${p.grade}`).join(", ")}</div>
                <ReviewBadge figures={org.staffing} />
                <div class="small muted change">{org.change.posts.text}</div>
              </td>
            ) : (
              <td class="num muted">–</td>
            )}
            <td class="units">
              {org.units.length ? (
                <ul>
                  {org.units.map((u) => (
                    <li>
                      <a href={evidenceHref(u.evidence.map((e) => e.factId))}>{u.name}</a>
                    </li>
                  ))}
                </ul>
              ) : (
                <span class="muted">–</span>
              )}
            </td>
            <td class="num">
              <a href={`/documents?organization=${org.id}`}>
                {num(org.documentsWithFacts)} / {num(org.documentsAnalysed)}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TrustFunds({ o }: { o: Overview }) {
  if (!o.trustFunds.length) return <p class="muted">No SSTC trust fund or facility figures for {o.year}.</p>;
  const ids = (t: Overview["trustFunds"][number]) => t.evidence.map((e) => e.factId);
  return (
    <table id="trust-funds">
      <thead>
        <tr>
          <th>Fund or facility</th>
          <th>Managed by</th>
          <th>Contributors</th>
          <th class="num">Pledged (USD)</th>
          <th class="num">Received (USD)</th>
          <th class="num">Allocated (USD)</th>
          <th>Period</th>
        </tr>
      </thead>
      <tbody>
        {o.trustFunds.map((t) => (
          <tr>
            <td>
              <a href={evidenceHref(ids(t))}>{t.fund}</a>
            </td>
            <td>{t.managingOrganization ?? "–"}</td>
            <td>{t.contributors.join(", ") || "–"}</td>
            <Cell value={t.pledgedUsd} ids={ids(t)} title="pledged" />
            <Cell value={t.receivedUsd} ids={ids(t)} title="received" />
            <Cell value={t.allocatedUsd} ids={ids(t)} title="allocated" />
            <td>{t.period ?? "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Coverage({ o }: { o: Overview }) {
  return (
    <table id="coverage">
      <thead>
        <tr>
          <th>Organization</th>
          <th>Sources (status)</th>
          <th class="num">Documents</th>
          <th class="num">Analysed</th>
          <th>Last successful crawl</th>
          <th class="num">Failed runs (90 days)</th>
          <th class="num">Failed documents</th>
        </tr>
      </thead>
      <tbody>
        {o.coverage.map((r) => (
          <tr>
            <td>
              <a href={`/organizations/${r.organizationId}?year=${o.year}`}>{r.acronym}</a>
            </td>
            <td>
              {r.sources.length ? (
                r.sources.map((s, i) => (
                  <>
                    {i ? ", " : ""}
                    <a href="/sources" class={s.status === "failed" ? "status-failed" : ""}>
                      {s.id}
                    </a>{" "}
                    ({s.status})
                  </>
                ))
              ) : (
                <span class="muted">none</span>
              )}
            </td>
            <td class="num">{num(r.documents)}</td>
            <td class="num">{num(r.documentsAnalysed)}</td>
            <td>{when(r.lastSuccessfulCrawl)}</td>
            <td class="num">{num(r.failedRuns)}</td>
            <td class="num">{num(r.failedDocuments)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An empty database: say what to do first, with the crawl button for a signed-in analyst. */
export function FirstRun({ csrf }: { csrf?: string }) {
  const methodology = <a href="/methodology">the methodology</a>;
  return (
    <section class="notice first-run" aria-labelledby="first-run">
      <h2 id="first-run">Nothing has been collected yet</h2>
      <p>
        ssc-monitor fills this overview by reading the documents that organizations publish. The first crawl fetches
        them from every enabled source, finds the passages about South-South cooperation and reads the amounts and posts
        in them; it takes a few minutes per source. After that, sources are crawled on their schedules.
      </p>
      {csrf ? (
        <form method="post" action="/crawl" class="inline">
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit">Start the first crawl</button>
          <span class="small muted">and watch its progress</span>
        </form>
      ) : (
        <p>
          <a href="/login?next=%2F">Sign in</a> as an analyst to start the first crawl from here, or run{" "}
          <code>npx ssc-monitor crawl</code> on the server.
        </p>
      )}
      <p class="small">
        <a href="/sources">The sources</a> lists what will be read and when; {methodology} says what counts.
      </p>
    </section>
  );
}

function Lead({ o }: { o: Overview }) {
  const t = o.totals;
  const reviewed = t.review.confirmed + t.review.corrected;
  const organizations = num(t.organizationsWithData);
  return (
    <p class="lead">
      {organizations} organizations with figures, {num(t.facts)} facts from {num(t.documents)} documents,{" "}
      {num(t.postsTotal)} posts. {num(reviewed)} of {num(reviewed + t.review.unreviewed)} figures confirmed or corrected
      by an analyst
      {t.pending.figures ? `; ${num(t.pending.figures)} more wait for review and are not counted` : ""}. Click any
      number to read its evidence; <a href={`/methodology?year=${o.year}`}>how the numbers are made</a>.
    </p>
  );
}

export function OverviewPage(props: {
  o: Overview;
  years: number[];
  chartSvg: string;
  firstRun?: boolean;
  csrf?: string;
}) {
  const { o } = props;
  return (
    <>
      <h1>Support to South-South and triangular cooperation, {o.year}</h1>
      {props.firstRun ? <FirstRun csrf={props.csrf} /> : null}
      <YearPicker action="/" year={o.year} years={props.years} />
      <Lead o={o} />
      <p class="small muted">{o.summary.coverage}</p>
      <p class="exports">
        <strong>Download:</strong>{" "}
        {EXPORT_FORMATS.map((f) => (
          <a href={`/overview/${o.year}.${f}`} download>
            {f.toUpperCase()}
          </a>
        ))}
      </p>
      <h2>Agencies</h2>
      {o.organizations.length ? (
        <div class="scroll">
          <AgencyTable o={o} />
        </div>
      ) : (
        <p class="notice">
          No figures for {o.year}
          {props.years.length ? `; figures exist for ${props.years.join(", ")}` : ""}.
        </p>
      )}
      <PendingSection
        items={o.organizations.map((org) => ({ org, pending: org.pending }))}
        threshold={o.reviewThreshold}
      />
      <h2>Funding by organization (USD, {o.year})</h2>
      <figure dangerouslySetInnerHTML={{ __html: props.chartSvg }} />
      <h2>Five-year trend, all organizations</h2>
      <TrendSection trend={o.trend} title="All organizations" id="trend-table" />
      <h2>SSTC trust funds and facilities</h2>
      <div class="scroll">
        <TrustFunds o={o} />
      </div>
      <h2>Coverage</h2>
      <div class="scroll">
        <Coverage o={o} />
      </div>
      <p class="small muted">
        Generated {when(o.generatedAt)}. Exchange rates: {o.fx.source}
      </p>
    </>
  );
}

/** The methodology and glossary, in the words the exports use. */
export function MethodologyPage({ o }: { o: Overview }) {
  return (
    <>
      <h1>How the numbers are made</h1>
      <p class="lead">
        The rules behind every figure of the overview, and the words it uses. The same text closes every export.
      </p>
      <h2>Methodology</h2>
      <Explainers items={o.methodology} id="methodology" />
      <h2>Glossary</h2>
      <Explainers items={o.glossary} id="glossary" />
    </>
  );
}
