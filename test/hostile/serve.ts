import { startHostileSite } from "./hostile-site.ts";

/**
 * The hostile site in a process of its own, for bench/hostile.ts: the crawl's memory is then
 * measured without the server's. Prints one JSON line ({url, iatiFiles}) and serves until stdin
 * closes.
 */
const site = await startHostileSite();
process.stdout.write(`${JSON.stringify({ url: site.url, iatiFiles: site.iatiFiles() })}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await site.close();
  process.exit(0);
});
