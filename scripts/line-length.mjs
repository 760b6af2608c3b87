#!/usr/bin/env node
// Fails, listing file:line, when a tracked source file has a line over MAX_CHARS characters.
// Biome's formatter wraps code at the same width (biome.json lineWidth) but leaves comments,
// string literals and regexes alone: this check covers them. Saved responses under test/fixtures/
// are kept as served. Run by `npm run lint`; plain Node, no dependencies.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MAX_CHARS = 120;
const EXTENSIONS = ["*.ts", "*.tsx", "*.js", "*.mjs"];
const EXCLUDED = ["test/fixtures/**"];

/** "test/fixtures/**" → a RegExp: `*` stays inside one folder, `**` crosses folders. */
function globToRegExp(glob) {
  const source = glob
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*"),
    )
    .join(".*");
  return new RegExp(`^${source}$`);
}

const excluded = EXCLUDED.map(globToRegExp);

const files = execFileSync("git", ["ls-files", "-z", "--", ...EXTENSIONS], { encoding: "utf8" })
  .split("\0")
  .filter((file) => file && !excluded.some((re) => re.test(file)));

const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    continue; // deleted in the working tree, not yet in the index
  }
  text.split(/\r?\n/).forEach((line, i) => {
    const chars = [...line].length;
    if (chars > MAX_CHARS) long.push(`${file}:${i + 1}: ${chars} characters`);
  });
}

if (long.length) {
  console.error(long.join("\n"));
  console.error(
    `line-length: ${long.length} line(s) over ${MAX_CHARS} characters. Wrap comments, split long strings ` +
      "(concatenation keeps their value), or build long regexes from parts.",
  );
  process.exit(1);
}
