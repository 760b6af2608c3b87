import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { createProgressReporter } from "./run-progress.ts";

const progress = (source: string, seen: number) => ({
  source,
  seen,
  fetched: seen - 1,
  new: seen - 1,
  changed: 0,
  unchanged: 0,
  failed: 1,
  skipped: 0,
});

function stream(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 200 });
  let text = "";
  s.on("data", (d) => (text += d));
  return { s, text: () => text };
}

it("draws a line per running source on a terminal and puts the summary in its place", () => {
  const { s, text } = stream(true);
  const reporter = createProgressReporter(s, { intervalMs: 0 });
  reporter.update(progress("a", 3));
  reporter.update(progress("b", 5));
  expect(text()).toContain("a: 3 seen, 2 fetched (2 new, 0 changed, 0 unchanged), 1 failed\n");
  expect(text()).toContain("b: 5 seen, 4 fetched");
  reporter.done("a", () => s.write('{"source":"a"}\n'));
  // The summary is written after the progress lines were erased, then b's line is drawn again.
  expect(
    text().endsWith('\x1b[2F\x1b[J{"source":"a"}\nb: 5 seen, 4 fetched (4 new, 0 changed, 0 unchanged), 1 failed\n'),
  ).toBe(true);
  reporter.close();
});

it("writes nothing when the stream is a pipe or a file, but still prints the summaries", () => {
  const { s, text } = stream(false);
  const reporter = createProgressReporter(s, { intervalMs: 0 });
  reporter.update(progress("a", 3));
  reporter.done("a", () => s.write("summary\n"));
  reporter.close();
  expect(text()).toBe("summary\n");
});
