import sax from "sax";

/**
 * Streams an iati-activities file into one small element tree per `iati-activity`, so a 200 MB
 * file costs one activity's worth of memory at a time. Nothing outside an activity is kept except
 * the root's `version` (older files put it there, newer downloads on each activity).
 *
 * Hostile files are bounded too. sax never expands entities declared in a DOCTYPE, internal or
 * external (`&xxe;` stays literal text and is reported as an XML error), so there is no
 * billion-laughs expansion and no file or network read. What sax does keep growing is a
 * DOCTYPE, comment or attribute past its 64 KB buffer check (it reports the overrun, and on
 * resume keeps appending, one rope node per character): such a file is refused outright, as is
 * one with more XML errors than an IATI file ever has. One activity bigger than the limits below
 * (deep nesting, a huge text) is skipped and reported, and the file goes on.
 */

/** Limits of one activity: real ones have a few hundred elements, a few KB of text, depth < 10. */
export const ACTIVITY_LIMITS = { maxNodes: 20_000, maxTextChars: 2_000_000, maxDepth: 64 };
/** sax's buffer check (sax.MAX_BUFFER_LENGTH, missing from its types). */
const SAX_BUFFER_CHARS = (sax as unknown as { MAX_BUFFER_LENGTH: number }).MAX_BUFFER_LENGTH;
/** XML errors after which a file is no IATI file worth reading on. */
const MAX_XML_ERRORS = 1000;

/** Thrown (out of write/end) when a file cannot be read on safely; the caller reports the file. */
export class XmlRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlRefusedError";
  }
}

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  /** Text directly inside the element (not its children's), whitespace kept. */
  text: string;
  children: XmlNode[];
}

export interface ActivityEvent {
  node: XmlNode;
  /** 0-based position of the activity in the file, for problem reports. */
  index: number;
  rootVersion: string | null;
  line: number;
  /** Set when the activity passed a limit: it was skipped, and this says why. */
  refused?: string;
}

export interface ActivityStream {
  /** Feeds decoded text; returns the activities completed by it. */
  write(chunk: string): ActivityEvent[];
  /** Ends the document; returns the last activities. */
  end(): ActivityEvent[];
  /** XML errors met so far (the parser resumes after each); the first 100 are kept. */
  errors: string[];
  /** All XML errors met so far, kept or not. */
  errorCount(): number;
}

/**
 * A copy of a string that does not point into the parser's chunk. V8 keeps substrings as views
 * of their parent, so one kept identifier would hold a whole 64 KB chunk alive: over a 200 MB
 * file that grows to the file's size.
 */
function detach(value: string): string {
  return value.length === 0 ? value : ` ${value}`.slice(1);
}

/** Drops the `iati-extra:` style prefixes from element names but keeps `xml:lang`. */
function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * A streaming parser of iati-activities XML.
 * @example const s = createActivityStream(); s.write(xml).map((e) => e.node.name) // ["iati-activity", ...]
 */
export function createActivityStream(): ActivityStream {
  const parser = sax.parser(true, { trim: false, normalize: false, position: true });
  const stack: XmlNode[] = [];
  const done: ActivityEvent[] = [];
  const errors: string[] = [];
  let errorCount = 0;
  let rootVersion: string | null = null;
  let index = 0;
  let startLine = 0;
  /** Size of the activity being read; `refused` once it passed a limit (then nothing more is kept). */
  let size = { nodes: 0, chars: 0, depth: 0, refused: null as string | null };

  const overLimit = (): string | null => {
    if (size.depth > ACTIVITY_LIMITS.maxDepth) return `elements nested deeper than ${ACTIVITY_LIMITS.maxDepth}`;
    if (size.nodes > ACTIVITY_LIMITS.maxNodes) return `more than ${ACTIVITY_LIMITS.maxNodes} elements`;
    if (size.chars > ACTIVITY_LIMITS.maxTextChars)
      return `more than ${ACTIVITY_LIMITS.maxTextChars} characters of text`;
    return null;
  };

  /** Marks the activity refused once over a limit, and lets go of what was kept of it. */
  const checkLimits = () => {
    if (size.refused) return;
    size.refused = overLimit();
    if (!size.refused) return;
    // Only the activity's root is kept, emptied, to report it when it closes.
    stack.length = Math.min(stack.length, 1);
    if (stack[0]) Object.assign(stack[0], { text: "", children: [] });
  };

  parser.onopentag = (tag) => {
    const name = localName(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    if (name === "iati-activities") rootVersion = attrs.version ?? null;
    if (stack.length === 0 && size.depth === 0 && name !== "iati-activity") return;
    if (stack.length === 0 && size.depth === 0) {
      startLine = parser.line + 1;
      size = { nodes: 0, chars: 0, depth: 0, refused: null };
    }
    size.depth++;
    size.nodes++;
    checkLimits();
    if (size.refused) return;
    const own: Record<string, string> = {};
    for (const [key, value] of Object.entries(attrs)) own[key] = detach(value);
    const node: XmlNode = { name, attrs: own, text: "", children: [] };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  };
  parser.ontext = (t) => {
    if (size.depth === 0) return;
    size.chars += t.length;
    checkLimits();
    const top = stack.at(-1);
    if (top && !size.refused) top.text += t;
  };
  parser.oncdata = parser.ontext;
  parser.onclosetag = () => {
    if (size.depth === 0) return;
    size.depth--;
    if (size.refused) {
      if (size.depth > 0) return;
      const root = stack.pop() ?? { name: "iati-activity", attrs: {}, text: "", children: [] };
      stack.length = 0;
      done.push({ node: root, index: index++, rootVersion, line: startLine, refused: size.refused });
      return;
    }
    const node = stack.pop();
    if (node) node.text = detach(node.text);
    if (node && size.depth === 0) done.push({ node, index: index++, rootVersion, line: startLine });
  };
  parser.onerror = (error) => {
    const message = error.message.split("\n")[0];
    const overrun = /^Max buffer length exceeded: (\w+)/.exec(message);
    if (overrun)
      throw new XmlRefusedError(
        `more than ${SAX_BUFFER_CHARS} characters in one ${overrun[1]} (line ${parser.line + 1}); the file is ` +
          `refused, not read on`,
      );
    if (++errorCount > MAX_XML_ERRORS)
      throw new XmlRefusedError(`more than ${MAX_XML_ERRORS} XML errors; the file is refused, not read on`);
    if (errors.length < 100) errors.push(`line ${parser.line + 1}: ${message}`);
    parser.error = null as unknown as Error;
    parser.resume();
  };

  const drain = (): ActivityEvent[] => done.splice(0, done.length);
  return {
    errors,
    errorCount: () => errorCount,
    write(chunk) {
      parser.write(chunk);
      return drain();
    },
    end() {
      parser.close();
      stack.length = 0;
      return drain();
    },
  };
}
