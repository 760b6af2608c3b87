import { notInArray, sql } from "drizzle-orm";
import { FX } from "../analysis/currency.ts";
import type { Db } from "./client.ts";
import { fxRates } from "./schema/fx-rates.ts";
import { organizations } from "./schema/organizations.ts";
import { ORGANIZATIONS } from "./organizations-registry.ts";
import { fromExcluded } from "./queries/upsert.ts";

/**
 * Upserts the organization registry: running it twice changes nothing, and an edited entry
 * in the registry updates its row.
 */
export async function seedOrganizations(db: Db): Promise<void> {
  await db
    .insert(organizations)
    .values(ORGANIZATIONS)
    .onConflictDoUpdate({
      target: organizations.id,
      set: fromExcluded(organizations, ["name", "acronym", "kind", "homepage", "iatiId", "parentId"]),
    });
}

/**
 * Makes `fx_rates` hold exactly the rates of analysis/fx-rates.json, the table the code converts
 * with, so SQL (the review queue's weights) converts as every other layer does. Idempotent: an
 * unchanged rate is not rewritten, a rate no longer shipped is deleted.
 */
export async function seedRates(db: Db): Promise<void> {
  const rows = Object.entries(FX.rates)
    .flatMap(([year, rates]) => Object.entries(rates).map(([currency, rate]) => ({ currency, year: +year, rate })))
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.year - b.year);
  await db.transaction(async (tx) => {
    await tx
      .insert(fxRates)
      .values(rows)
      .onConflictDoUpdate({
        target: [fxRates.currency, fxRates.year],
        set: fromExcluded(fxRates, ["rate"]),
        setWhere: sql`${fxRates.rate} is distinct from excluded.rate`,
      });
    const kept = rows.map((r) => `${r.currency}:${r.year}`);
    await tx.delete(fxRates).where(notInArray(sql`${fxRates.currency} || ':' || ${fxRates.year}`, kept));
  });
}
