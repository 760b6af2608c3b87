import sax from "sax";

/**
 * Streams an iati-activities file into one small element tree per `iati-activity`, so a 200 MB
 * file costs one activity's worth of memory at a time. Nothing outside an activity is kept except
 * the root's `version` (older files put it there, newer downloads on each activity).
 */

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
}

export interface ActivityStream {
  /** Feeds decoded text; returns the activities completed by it. */
  write(chunk: string): ActivityEvent[];
  /** Ends the document; returns the last activities. */
  end(): ActivityEvent[];
  /** XML errors met so far (the parser resumes after each). */
  errors: string[];
}

/**
 * A copy of a string that does not point into the parser's chunk. V8 keeps substrings as views
 * of their parent, so one kept identifier would hold a whole 64 KB chunk alive: over a 200 MB
 * file that grows to the file's size.
 */
function detach(value: string): string {
  return value.length === 0 ? value : (" " + value).slice(1);
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
  let rootVersion: string | null = null;
  let index = 0;
  let startLine = 0;

  parser.onopentag = (tag) => {
    const name = localName(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    if (name === "iati-activities") rootVersion = attrs.version ?? null;
    if (stack.length === 0 && name !== "iati-activity") return;
    if (stack.length === 0) startLine = parser.line + 1;
    const own: Record<string, string> = {};
    for (const [key, value] of Object.entries(attrs)) own[key] = detach(value);
    const node: XmlNode = { name, attrs: own, text: "", children: [] };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  };
  parser.ontext = (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.oncdata = parser.ontext;
  parser.onclosetag = () => {
    const node = stack.pop();
    if (node) node.text = detach(node.text);
    if (node && stack.length === 0) done.push({ node, index: index++, rootVersion, line: startLine });
  };
  parser.onerror = (error) => {
    errors.push(`line ${parser.line + 1}: ${error.message.split("\n")[0]}`);
    parser.error = null as unknown as Error;
    parser.resume();
  };

  const drain = (): ActivityEvent[] => done.splice(0, done.length);
  return {
    errors,
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
