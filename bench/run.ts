/**
 * `npm run bench`: runs every benchmark in turn, each in its own process so one's heap does not
 * skew the next, and prints their JSON lines. Pass names to run a subset: `npm run bench -- analyzer`,
 * and options for them after: `npm run bench -- overview --facts 1000000`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dirname;
const all = ["analyzer", "recrawl", "overview", "hostile", "load", "pglite-socket", "backfill"];
// Options (`--facts 1000000`) go to every benchmark run; the other arguments name benchmarks.
const args = process.argv.slice(2);
const options = args.filter((a, i) => a.startsWith("--") || args[i - 1]?.startsWith("--"));
const names = args.filter((a) => !options.includes(a));
const wanted = names.length ? names : all;
let failed = 0;
for (const name of wanted) {
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) {
    console.log(JSON.stringify({ bench: name, skipped: "not present" }));
    continue;
  }
  console.error(`# bench ${name}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", file, ...options], { stdio: "inherit", env: process.env });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
