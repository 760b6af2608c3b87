import type { Overview, OrganizationOverview } from "../../analysis/overview-types.ts";
import { BASES } from "../../analysis/overview.ts";
import { BASIS_LABEL } from "../../exports/format.ts";
import { EXPORT_FORMATS } from "../exports.ts";
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

function changeText(org: OrganizationOverview, basis: string): string {
  const c = org.change.fundingByBasis.find((x) => x.basis === basis);
  if (!c || c.current === null) return "";
  if (c.previous === null) return "new";
  return c.pct === null || c.delta === null ? c.text : `${c.delta >= 0 ? "+" : ""}${Math.round(c.pct)}%`;
}

function AgencyTable({ o }: { o: Overview }) {
  const bases = BASES.filter((b) => o.organizations.some((org) => org.fundingByBasis.some((f) => f.basis === b)));
  return (
    <table id="agency-table">
      <caption>
        Funding in US dollars counted for {o.year}, by basis (bases are never added up); posts; units and funds;
        documents with facts / analysed. Each number opens its evidence.
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
              const ch = t ? changeText(org, b) : "";
              return t ? (
                <td class="num" data-basis={b}>
                  <a href={evidenceHref(t.evidenceIds)} title={`${t.figures} figure(s)`}>
                    {num(t.usdForYear)}
                  </a>
                  {ch ? (
                    <div class="small muted">
                      {ch} vs {o.year - 1}
                    </div>
                  ) : null}
                </td>
              ) : (
                <td class="num muted">–</td>
              );
            })}
            <Cell
              value={org.staffing.length ? org.postsTotal : null}
              ids={org.posts.flatMap((p) => p.evidenceIds)}
              title={org.posts.map((p) => `${p.grade}: ${p.count}`).join(", ")}
            />
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

export function OverviewPage(props: { o: Overview; years: number[]; chartSvg: string }) {
  const { o } = props;
  const totals = o.totals;
  return (
    <>
      <h1>Support to South-South and triangular cooperation, {o.year}</h1>
      <YearPicker action="/" year={o.year} years={props.years} />
      <p class="lead">
        {num(totals.organizationsWithData)} organizations with figures, {num(totals.facts)} facts from{" "}
        {num(totals.documents)} documents, {num(totals.postsTotal)} posts. Click any number to read its evidence.
      </p>
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
        <p class="notice">No figures for {o.year} yet. Pick another year, or crawl the sources.</p>
      )}
      <h2>Funding by organization (USD, {o.year})</h2>
      <figure dangerouslySetInnerHTML={{ __html: props.chartSvg }} />
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
