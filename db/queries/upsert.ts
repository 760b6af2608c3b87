import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * The `set` of an upsert that takes the named columns from the row the insert proposed
 * (PostgreSQL's `excluded`): a refreshed row keeps its other columns.
 * @example db.insert(sources).values(rows)
 *   .onConflictDoUpdate({ target: sources.id, set: fromExcluded(sources, ["kind"]) })
 *   // on conflict (id) do update set kind = excluded."kind"
 */
export function fromExcluded<T extends PgTable>(
  table: T,
  keys: ReadonlyArray<keyof T["$inferInsert"] & string>,
): Record<string, SQL> {
  const columns = getTableColumns(table);
  return Object.fromEntries(keys.map((key) => [key, sql`excluded.${sql.identifier(columns[key].name)}`]));
}
