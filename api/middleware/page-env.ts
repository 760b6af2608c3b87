import type { ActiveSession } from "../../db/queries/auth.ts";
import type { AppVariables } from "../env.ts";

/** The context of pages and of the session middleware: the app's variables plus the signed-in session. */
export type PageEnv = { Variables: AppVariables & { session?: ActiveSession } };
