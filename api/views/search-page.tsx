import type { DocumentHit, PageWithHit, PassageHit } from "../../db/queries/search.ts";
import { HIT_END, HIT_START } from "../../db/queries/search.ts";
import type { Organization } from "../../db/schema/organizations.ts";
import { pageLink } from "../../analysis/page-link.ts";
import { Pager } from "./pager.tsx";
import { OrganizationSelect } from "./select.tsx";

/** Text with the search marks turned into <mark>: everything else stays text (escaped by JSX). */
export function Marked({ text }: { text: string }) {
  const parts = text.split(new RegExp(`(${HIT_START}[^${HIT_END}]*${HIT_END})`));
  return <>{parts.map((p) => (p.startsWith(HIT_START) ? <mark>{p.slice(1, -1)}</mark> : p.replaceAll(HIT_END, "")))}</>;
}

export function hitHref(h: { documentId: number; passageId: number }, q: string): string {
  return `/documents/${h.documentId}/passages/${h.passageId}?q=${encodeURIComponent(q)}#hit`;
}

export function SearchPage(props: {
  q: string;
  organization?: string;
  orgs: Organization[];
  passages: PassageHit[];
  documents: DocumentHit[];
  total: number;
  limit: number;
  offset: number;
}) {
  const { q } = props;
  const acronym = new Map(props.orgs.map((o) => [o.id, o.acronym]));
  const query = new URLSearchParams({ q });
  if (props.organization) query.set("organization", props.organization);
  return (
    <>
      <h1>Search documents</h1>
      <form method="get" action="/search" class="filters" aria-label="Search documents and passages">
        <label>
          Words
          <input type="search" name="q" value={q} size={40} placeholder='e.g. "South-South" budget, Sur-Sur, TCDC' />
        </label>
        <OrganizationSelect orgs={props.orgs} value={props.organization} />
        <button type="submit">Search</button>
      </form>
      <p class="small muted">
        Finds words as written and in their forms in English, French, Spanish and Portuguese ("allocate" finds
        "allocation"). Put a phrase in quotes, use OR between alternatives and a minus sign to exclude a word.
      </p>
      {q ? (
        <>
          {props.documents.length ? (
            <>
              <h2>Documents whose title or symbol matches</h2>
              <ul>
                {props.documents.map((d) => (
                  <li>
                    <a href={`/documents/${d.id}`}>{d.title ?? d.url}</a>
                    {d.symbol ? ` (${d.symbol})` : ""}
                    {d.organizationId ? ` · ${acronym.get(d.organizationId) ?? d.organizationId}` : ""}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>Passages ({props.total})</h2>
          {props.passages.length ? (
            <ol class="hits" start={props.offset + 1}>
              {props.passages.map((h) => (
                <li>
                  <a href={hitHref(h, q)}>
                    <strong>{h.title ?? h.url}</strong>, page {h.page}
                  </a>
                  {h.organizationId ? (
                    <span class="small muted"> · {acronym.get(h.organizationId) ?? h.organizationId}</span>
                  ) : null}
                  {h.relevant ? <span class="small muted"> · about SSTC</span> : null}
                  <blockquote class="passage small">
                    <Marked text={h.snippet} />
                  </blockquote>
                </li>
              ))}
            </ol>
          ) : (
            <p class="notice">No passage contains “{q}”. Try fewer words, or another spelling or language.</p>
          )}
          <Pager
            path="/search"
            query={query}
            total={props.total}
            limit={props.limit}
            offset={props.offset}
            noun="passages"
          />
        </>
      ) : null}
    </>
  );
}

/** A search hit in its page: the page's whole text, the passage framed, the matched words marked. */
export function PassageInPage({ p, q }: { p: PageWithHit; q: string }) {
  const s = p.passage!;
  const before = p.text.slice(0, s.start);
  const after = p.text.slice(s.end);
  return (
    <>
      <p class="small muted">
        <a href={`/documents/${p.documentId}`}>{p.title ?? p.url}</a> · page {p.page} of {p.pageCount}
        {q ? (
          <>
            {" "}
            · <a href={`/search?q=${encodeURIComponent(q)}`}>back to the results for “{q}”</a>
          </>
        ) : null}
      </p>
      <h1>
        {p.title ?? "Document"}, page {p.page}
      </h1>
      <p>
        <a href={pageLink(p.url, p.page)}>Open the original at page {p.page}</a>
      </p>
      <div class="page-text">
        {before}
        <span id="hit" class="hit">
          <Marked text={s.marked} />
        </span>
        {after}
      </div>
    </>
  );
}
