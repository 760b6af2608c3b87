/**
 * The API reference, rendered on the server from the same OpenAPI document served at
 * /openapi.json, so it cannot drift from the routes and needs nothing from the internet.
 */
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document read as it comes, any shape
type Json = Record<string, any>;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** A short, readable type for a JSON schema: "integer ≥ 1", "one of: a | b", "object {a, b}". */
export function schemaText(schema: Json | undefined, doc: Json, depth = 0): string {
  if (!schema) return "";
  if (schema.$ref) {
    const name = String(schema.$ref).split("/").pop()!;
    return depth > 0 ? name : `${name} ${schemaText(doc.components?.schemas?.[name], doc, depth + 1)}`;
  }
  if (schema.enum) return `one of: ${schema.enum.map(String).join(" | ")}`;
  if (schema.anyOf || schema.oneOf)
    return (schema.anyOf ?? schema.oneOf).map((s: Json) => schemaText(s, doc, depth + 1)).join(" or ");
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : schema.type;
  if (type === "array") return `array of ${schemaText(schema.items, doc, depth + 1)}`;
  if (type === "object" && schema.properties) {
    const required = new Set<string>(schema.required ?? []);
    const keys = Object.keys(schema.properties).map((k) => (required.has(k) ? k : `${k}?`));
    return depth > 1 ? "object" : `{ ${keys.join(", ")} }`;
  }
  const bounds = [
    schema.minimum !== undefined ? `≥ ${schema.minimum}` : "",
    schema.maximum !== undefined ? `≤ ${schema.maximum}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return [type ?? "any", bounds, schema.default !== undefined ? `(default ${JSON.stringify(schema.default)})` : ""]
    .filter(Boolean)
    .join(" ");
}

function Parameters({ params, doc }: { params: Json[]; doc: Json }) {
  if (!params.length) return null;
  return (
    <table>
      <caption>Parameters</caption>
      <thead>
        <tr>
          <th>Name</th>
          <th>In</th>
          <th>Required</th>
          <th>Type</th>
          <th>Description</th>
        </tr>
      </thead>
      <tbody>
        {params.map((p) => (
          <tr>
            <td>
              <code>{p.name}</code>
            </td>
            <td>{p.in}</td>
            <td>{p.required ? "yes" : "no"}</td>
            <td>{schemaText(p.schema, doc)}</td>
            <td>{p.description ?? p.schema?.description ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Operation({ path, method, op, doc }: { path: string; method: string; op: Json; doc: Json }) {
  const body = op.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>);
  return (
    <section class="fact" id={`${method}-${path}`}>
      <h3>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      <p>
        {op.summary ?? ""}
        {op.security?.length ? <strong> · needs an API key</strong> : null}
      </p>
      {op.description ? <p class="muted">{op.description}</p> : null}
      <Parameters params={(op.parameters ?? []) as Json[]} doc={doc} />
      {body ? (
        <p>
          <strong>JSON body:</strong> <code>{schemaText(body, doc)}</code>
        </p>
      ) : null}
      <table>
        <caption>Responses</caption>
        <thead>
          <tr>
            <th class="num">Status</th>
            <th>Meaning</th>
            <th>Body</th>
          </tr>
        </thead>
        <tbody>
          {responses.map(([status, r]) => {
            const content = Object.entries((r.content ?? {}) as Record<string, Json>)[0];
            return (
              <tr>
                <td class="num">{status}</td>
                <td>{r.description}</td>
                <td>{content ? `${content[0]}: ${schemaText(content[1].schema, doc)}` : ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function DocsPage({ doc }: { doc: Json }) {
  const ops = Object.entries((doc.paths ?? {}) as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Json })),
  );
  return (
    <>
      <h1>
        {doc.info?.title ?? "API"} <span class="muted small">version {doc.info?.version}</span>
      </h1>
      <p class="lead">{doc.info?.description}</p>
      <p>
        Machine-readable description: <a href="/openapi.json">/openapi.json</a>. Reading is open unless the server is
        configured otherwise. Writes need an API key (<code>ssc-monitor keys create NAME</code>), sent as{" "}
        <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key: &lt;key&gt;</code>. Errors are JSON:{" "}
        <code>{"{code, message, requestId}"}</code>.
      </p>
      <table>
        <caption>All routes</caption>
        <thead>
          <tr>
            <th>Method</th>
            <th>Path</th>
            <th>What it does</th>
          </tr>
        </thead>
        <tbody>
          {ops.map(({ path, method, op }) => (
            <tr>
              <td>{method.toUpperCase()}</td>
              <td>
                <a href={`#${method}-${path}`}>
                  <code>{path}</code>
                </a>
              </td>
              <td>{op.summary ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {ops.map((o) => (
        <Operation {...o} doc={doc} />
      ))}
    </>
  );
}
