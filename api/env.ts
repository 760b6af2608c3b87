import type { Config } from "../config.ts";
import type { ActiveSession } from "../db/queries/auth.ts";
import type { Logger } from "../crawlers/types.ts";
import type { Db } from "../db/client.ts";
import type { OverviewStore } from "../db/queries/overview-store.ts";

/** What every handler, API or page, can read from the context: the db and config are passed in, never imported. */
export interface AppVariables {
  db: Db;
  config: Config;
  /** The overview kept per organization and rebuilt when its data changes (one per app). */
  overviews: OverviewStore;
  /** The service's one logger (LOG_LEVEL), for errors a person must see in the server's log. */
  log: Logger;
  requestId: string;
  /** Set by the API-key or session middleware on authenticated requests. */
  actor?: { name: string; kind: "api-key" | "user" };
  /** Set by the session middleware when a signed-in person's cookie is valid (pages and API alike). */
  session?: ActiveSession;
}

export type AppEnv = { Variables: AppVariables };
