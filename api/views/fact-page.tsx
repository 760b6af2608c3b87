import { FactCard, type FactCardData } from "./fact-card.tsx";

/** The evidence page: the second click from any number in a table. */
export function FactPage(props: FactCardData & { csrf?: string; organizationName: string | null }) {
  const f = props.fact;
  return (
    <>
      <p class="small muted">
        Fact {f.id} · {f.kind} ·{" "}
        {props.organizationName ? (
          <a href={`/organizations/${f.organizationId}${f.periodStart ? `?year=${f.periodStart}` : ""}`}>
            {props.organizationName}
          </a>
        ) : (
          "organization unknown"
        )}{" "}
        · confidence {Math.round(f.confidence * 100)}%
      </p>
      <FactCard {...props} back={`/facts/${f.id}`} heading="h1" />
    </>
  );
}
