import type { DocumentListItem, VersionSummary } from "../../db/queries/documents.ts";
import type { FactListItem } from "../../db/queries/facts.ts";
import { DOCUMENT_TYPES, type DocumentRow } from "../../db/schema/documents.ts";
import type { Organization } from "../../db/schema/organizations.ts";
import { pageLink } from "../../analysis/page-link.ts";
import { Status, factHeadline } from "./fact-card.tsx";
import { num, when } from "./format.ts";
import { Pager } from "./pager.tsx";
import { OrganizationSelect, Select } from "./select.tsx";

export function DocumentsPage(props: {
  items: DocumentListItem[];
  total: number;
  limit: number;
  offset: number;
  organization?: string;
  type?: string;
  orgs: Organization[];
}) {
  const query = new URLSearchParams();
  if (props.organization) query.set("organization", props.organization);
  if (props.type) query.set("type", props.type);
  const acronym = new Map(props.orgs.map((o) => [o.id, o.acronym]));
  const pager = (
    <Pager
      path="/documents"
      total={props.total}
      limit={props.limit}
      offset={props.offset}
      query={query}
      noun="documents"
    />
  );
  return (
    <>
      <h1>Documents</h1>
      <form method="get" action="/documents" class="inline" aria-label="Filter documents">
        <OrganizationSelect orgs={props.orgs} value={props.organization} />
        <Select
          name="type"
          label="Type"
          value={props.type}
          all="all"
          options={DOCUMENT_TYPES.map((t) => [t, t] as const)}
        />
        <button type="submit">Filter</button>
      </form>
      {pager}
      <table>
        <thead>
          <tr>
            <th>Title</th>
            <th>Organization</th>
            <th>Type</th>
            <th>Symbol</th>
            <th>Period</th>
            <th class="num">Versions</th>
            <th class="num">Facts</th>
            <th>Last fetched</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((d) => (
            <tr>
              <td>
                <a href={`/documents/${d.id}`}>{d.title ?? d.url}</a>
                {d.status !== "active" ? (
                  <>
                    {" "}
                    <Status status={d.status} />
                  </>
                ) : null}
              </td>
              <td>{d.organizationId ? (acronym.get(d.organizationId) ?? d.organizationId) : "–"}</td>
              <td>{d.type ?? "–"}</td>
              <td>{d.symbol ?? "–"}</td>
              <td>{d.period ?? "–"}</td>
              <td class="num">{num(d.versions)}</td>
              <td class="num">{num(d.facts)}</td>
              <td>{when(d.lastFetchedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
    </>
  );
}

export function DocumentPage(props: {
  doc: DocumentRow & { versions: VersionSummary[] };
  facts: FactListItem[];
  orgName: string | null;
}) {
  const d = props.doc;
  return (
    <>
      <h1>{d.title ?? d.url}</h1>
      <table>
        <tbody>
          <tr>
            <th>Organization</th>
            <td>{props.orgName ? <a href={`/organizations/${d.organizationId}`}>{props.orgName}</a> : "–"}</td>
          </tr>
          <tr>
            <th>Link</th>
            <td>
              <a href={d.url}>{d.url}</a>
            </td>
          </tr>
          <tr>
            <th>Type · symbol · period · language</th>
            <td>{[d.type, d.symbol, d.period, d.language].map((x) => x ?? "–").join(" · ")}</td>
          </tr>
          <tr>
            <th>Status</th>
            <td>
              <Status status={d.status} />
              {d.lastError ? ` ${d.lastError}` : ""}
            </td>
          </tr>
        </tbody>
      </table>
      <h2>Versions</h2>
      {d.versions.length > 1 ? (
        <p>
          <a href={`/documents/${d.id}/compare`}>Compare the two newest editions</a>: which facts and sentences changed.
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>Fetched</th>
            <th>Type</th>
            <th class="num">Pages</th>
            <th>Text</th>
            <th>Analysis</th>
            <th class="num">Passages (relevant)</th>
            <th class="num">Facts</th>
            <th>sha256</th>
          </tr>
        </thead>
        <tbody>
          {d.versions.map((v) => (
            <tr>
              <td>{when(v.fetchedAt)}</td>
              <td>{v.mediaType}</td>
              <td class="num">{num(v.pageCount)}</td>
              <td>
                <Status status={v.textStatus} />
                {v.error ? ` ${v.error}` : ""}
              </td>
              <td>
                <Status status={v.analysisStatus} />
                {v.analysisError ? ` ${v.analysisError}` : ""}
              </td>
              <td class="num">
                {num(v.passages)} ({num(v.relevantPassages)})
              </td>
              <td class="num">{num(v.facts)}</td>
              <td class="small">
                <code>{v.sha256.slice(0, 12)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Facts ({props.facts.length})</h2>
      <table>
        <thead>
          <tr>
            <th>Fact</th>
            <th>Kind</th>
            <th>Subject</th>
            <th>Period</th>
            <th class="num">Page</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {props.facts.map((f) => (
            <tr>
              <td>
                <a href={`/facts/${f.id}`}>{factHeadline(f)}</a>
              </td>
              <td>{f.kind}</td>
              <td>{f.subject ?? "–"}</td>
              <td>{f.period ?? "–"}</td>
              <td class="num">{f.page ? <a href={pageLink(d.url, f.page)}>{f.page}</a> : "–"}</td>
              <td>
                <Status status={f.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
