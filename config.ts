import { z } from "zod";
import { resolve } from "node:path";
import { isAddressRange } from "./net/address-ranges.ts";

/**
 * The one place that reads the environment. Each option is tied to its variable and default
 * (Crawlee's habit); `loadConfig` validates everything at start-up and names each bad value.
 */
const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

const schema = z.object({
  databaseUrl: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
      message: "must be a postgres:// or postgresql:// URL, e.g. postgres://postgres@127.0.0.1:5432/ssc",
    })
    .optional(),
  dataDir: z.string().min(1, "must not be empty"),
  port: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0)
    .max(65535, "must be between 0 and 65535"),
  host: z.string().min(1),
  sourcesFile: z.string().optional(),
  userAgent: z.string().min(1, "must not be empty"),
  contact: z.string().min(3, "must be an e-mail address or URL where publishers can reach you"),
  logLevel: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }),
  iatiApiKey: z.string().optional(),
  publicReads: z.enum(["true", "false"], { message: "must be true or false" }).transform((v) => v === "true"),
  smtpUrl: z.string().optional(),
  mailFrom: z.string().optional(),
  publicUrl: z
    .string()
    .refine((v) => /^https?:\/\/[^\s/?#]+\/?$/.test(v) && URL.canParse(v), {
      message: "must be the service's public origin, e.g. https://ssc.example.org (no path, query or fragment)",
    })
    .transform((v) => new URL(v).origin)
    .optional(),
  outboundAllow: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine(isAddressRange, {
          message: "each entry must be an IP address or CIDR range, e.g. 127.0.0.1 or 10.1.0.0/16",
        }),
      ),
    ),
  chromiumPath: z.string().optional(),
  perHostDelayMs: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number of milliseconds")
    .min(0, "must be 0 or more"),
  trustProxy: z.enum(["true", "false"], { message: "must be true or false" }).transform((v) => v === "true"),
  /** `auto` facts below this confidence wait for an analyst before they count in the overview. */
  reviewThreshold: z.coerce
    .number({ message: "must be a number between 0 and 1, e.g. 0.9" })
    .min(0, "must be between 0 and 1")
    .max(1, "must be between 0 and 1"),
});

export type Config = Readonly<z.infer<typeof schema>>;

/** Environment variable → config key, with defaults. */
const ENV: Record<keyof z.input<typeof schema>, { env: string; default?: string }> = {
  databaseUrl: { env: "DATABASE_URL" },
  dataDir: { env: "SSC_DATA_DIR", default: "./data" },
  port: { env: "PORT", default: "8080" },
  host: { env: "HOST", default: "0.0.0.0" },
  sourcesFile: { env: "SSC_SOURCES" },
  userAgent: { env: "SSC_USER_AGENT", default: "ssc-monitor/0.1 (+https://github.com/g77/ssc-monitor)" },
  contact: { env: "SSC_CONTACT", default: "ssc-monitor@g77.org" },
  logLevel: { env: "LOG_LEVEL", default: "info" },
  iatiApiKey: { env: "IATI_API_KEY" },
  publicReads: { env: "SSC_PUBLIC_READS", default: "true" },
  smtpUrl: { env: "SMTP_URL" },
  mailFrom: { env: "SSC_MAIL_FROM", default: "ssc-monitor@localhost" },
  publicUrl: { env: "SSC_PUBLIC_URL" },
  outboundAllow: { env: "SSC_OUTBOUND_ALLOW", default: "" },
  chromiumPath: { env: "CHROMIUM_PATH" },
  /** Least time between two requests to one host, for the whole fleet of workers; robots.txt Crawl-delay raises it. */
  perHostDelayMs: { env: "SSC_PER_HOST_DELAY_MS", default: "1000" },
  // Behind a reverse proxy every client shares the proxy's address: trust the last X-Forwarded-For hop then.
  trustProxy: { env: "SSC_TRUST_PROXY", default: "false" },
  reviewThreshold: { env: "SSC_REVIEW_THRESHOLD", default: "0.9" },
};

export class ConfigError extends Error {
  /** Thrown by `loadConfig` when a variable is invalid; the CLI prints it and exits 2. */
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses `env` (default `process.env`) merged with explicit overrides (CLI flags win).
 * @example loadConfig({ PORT: "9000" }).port // 9000
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof Config, string>> = {},
): Config {
  const raw: Record<string, string | undefined> = {};
  for (const [key, spec] of Object.entries(ENV)) {
    const value = overrides[key as keyof Config] ?? env[spec.env];
    raw[key] = value === undefined || value === "" ? spec.default : value;
  }
  const parsed = schema.safeParse(raw);
  // Renamed: a deployment still setting the old name would silently lose its absolute links.
  if (env.SSC_BASE_URL && !raw.publicUrl)
    throw new ConfigError([
      `SSC_BASE_URL is no longer read: set SSC_PUBLIC_URL=${JSON.stringify(env.SSC_BASE_URL)} instead`,
    ]);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as keyof typeof ENV;
      return `${ENV[key]?.env ?? String(key)}=${JSON.stringify(raw[key as string] ?? "")}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  // "memory://" asks PGlite for an in-memory database (tests, demos): not a path to resolve.
  const dataDir = parsed.data.dataDir.startsWith("memory://") ? parsed.data.dataDir : resolve(parsed.data.dataDir);
  const config = { ...parsed.data, dataDir };
  return Object.freeze(config);
}

/** The user agent sent on every crawler request, with the contact address publishers can use. */
export function crawlerUserAgent(config: Pick<Config, "userAgent" | "contact">): string {
  return `${config.userAgent} (contact: ${config.contact})`;
}
