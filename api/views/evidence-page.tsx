import { FactCard, type FactCardData } from "./fact-card.tsx";

/** The facts behind one table cell: a total of several figures opens here, each with its quote and page. */
export function EvidencePage(props: { facts: FactCardData[]; csrf?: string; back: string }) {
  return (
    <>
      <h1>
        Evidence for {props.facts.length} fact{props.facts.length === 1 ? "" : "s"}
      </h1>
      <p class="lead">
        Each fact with its quote highlighted in its passage, the page, and a link that opens the document at that page.
      </p>
      {props.facts.map((f) => (
        <FactCard {...f} csrf={props.csrf} back={`${props.back}#fact-${f.fact.id}`} />
      ))}
    </>
  );
}
