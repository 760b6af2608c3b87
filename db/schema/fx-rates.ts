import { doublePrecision, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * The yearly average exchange rates of analysis/fx-rates.json, copied here at every migration
 * (db/seed.ts `seedRates`) so that SQL converts to USD with the very rates the code uses. USD is
 * never stored: every layer derives it from a fact's value, currency and first year
 * (`effectiveValues` in JavaScript, `effectiveUsdSql` in SQL).
 */
export const fxRates = pgTable(
  "fx_rates",
  {
    /** ISO 4217 code, upper case. */
    currency: text("currency").notNull(),
    year: integer("year").notNull(),
    /** Units of `currency` per US dollar, the year's average. */
    rate: doublePrecision("rate").notNull(),
  },
  (t) => [primaryKey({ columns: [t.currency, t.year] })],
);
