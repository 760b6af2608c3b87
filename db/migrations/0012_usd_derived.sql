CREATE TABLE "fx_rates" (
	"currency" text NOT NULL,
	"year" integer NOT NULL,
	"rate" double precision NOT NULL,
	CONSTRAINT "fx_rates_currency_year_pk" PRIMARY KEY("currency","year")
);
--> statement-breakpoint
ALTER TABLE "facts" DROP COLUMN "usd";--> statement-breakpoint
ALTER TABLE "facts" DROP COLUMN "corrected_usd";