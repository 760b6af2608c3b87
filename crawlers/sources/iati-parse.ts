import type { Discovered } from "../types.ts";
import { readActivity } from "./iati-activity.ts";
import { createHierarchyFilter } from "./iati-hierarchy.ts";
import { activityRecord } from "./iati-record.ts";
import { createActivityStream, type ActivityEvent } from "./iati-stream.ts";

/**
 * An IATI activity file → SSTC records and problems, activity by activity. The same processor
 * serves a whole saved body (tests) and a streamed download (iati-files), so both behave alike.
 */

/** More XML errors than this in one file are summed up in one problem, not listed. */
const MAX_XML_PROBLEMS = 10;

export interface FileProcessor {
  push(chunk: string): Discovered[];
  end(): Discovered[];
  /** Activities read, SSTC records kept, children dropped by the hierarchy rule. */
  stats(): { activities: number; records: number; droppedChildren: number; xmlErrors: number };
}

export function createFileProcessor(url: string): FileProcessor {
  const stream = createActivityStream();
  const hierarchy = createHierarchyFilter();
  let activities = 0;
  let records = 0;
  let reportedErrors = 0;

  const handle = (events: ActivityEvent[]): Discovered[] => {
    const out: Discovered[] = [];
    for (const event of events) {
      activities++;
      if (event.refused) {
        out.push({
          kind: "problem",
          url,
          outcome: "failed",
          message: `activity #${event.index + 1} (line ${event.line}) skipped: ${event.refused}`,
        });
        continue;
      }
      const activity = readActivity(event.node, event.rootVersion);
      if (typeof activity === "string") {
        out.push({
          kind: "problem",
          url,
          outcome: "failed",
          message: `activity #${event.index + 1} (line ${event.line}): ${activity}`,
        });
        continue;
      }
      const record = activityRecord(activity, { file: url, activityIndex: event.index, line: event.line });
      if (!record) continue;
      for (const r of hierarchy.offer(record, activity.id, activity.hierarchy, activity.parentId))
        out.push({ kind: "record", record: r });
    }
    return out;
  };
  const count = (items: Discovered[]): Discovered[] => {
    records += items.filter((d) => d.kind === "record").length;
    return items;
  };
  const xmlProblems = (final: boolean): Discovered[] => {
    const out: Discovered[] = [];
    while (reportedErrors < Math.min(stream.errors.length, MAX_XML_PROBLEMS)) {
      out.push({
        kind: "problem",
        url,
        outcome: "failed",
        message: `XML error, parsing resumed: ${stream.errors[reportedErrors++]}`,
      });
    }
    if (final && stream.errorCount() > MAX_XML_PROBLEMS) {
      out.push({
        kind: "problem",
        url,
        outcome: "failed",
        message: `${stream.errorCount() - MAX_XML_PROBLEMS} more XML errors in this file`,
      });
    }
    return out;
  };

  return {
    push(chunk) {
      return count([...handle(stream.write(chunk)), ...xmlProblems(false)]);
    },
    end() {
      const out = handle(stream.end());
      const children = hierarchy.flush().map((record): Discovered => ({ kind: "record", record }));
      return count([...out, ...children, ...xmlProblems(true)]);
    },
    stats: () => ({ activities, records, droppedChildren: hierarchy.dropped, xmlErrors: stream.errorCount() }),
  };
}

/**
 * A whole saved activity file → SSTC records and problems.
 * @example parseActivityFile(xml, "https://example.org/iati.xml").filter((d) => d.kind === "record")
 */
export function parseActivityFile(xml: string, url: string): Discovered[] {
  const processor = createFileProcessor(url);
  return [...processor.push(xml), ...processor.end()];
}

/**
 * A streamed activity file → SSTC records and problems, decoding chunk by chunk so that only the
 * current activity is held in memory.
 */
export async function* parseActivityStream(
  body: AsyncIterable<Uint8Array>,
  url: string,
): AsyncGenerator<Discovered, FileProcessor> {
  const processor = createFileProcessor(url);
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of body) {
    yield* processor.push(decoder.decode(chunk, { stream: true }));
  }
  yield* processor.push(decoder.decode());
  yield* processor.end();
  return processor;
}
