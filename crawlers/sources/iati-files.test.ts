import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../../test/http-server.ts";
import { contextFor, discoverAll, fixture, problems, records } from "../../test/fixtures/sources/context.ts";
import { DEFAULT_FILES, fileUrls, iatiFiles } from "./iati-files.ts";

let server: TestServer | undefined;
afterEach(async () => server?.close());

const XML = { "content-type": "application/xml" };

describe("iati-files discover", () => {
  it("reads every configured file; a missing one is reported and the others kept", async () => {
    let n = 0;
    server = await startServer((req, res) => {
      if (req.url === "/undp/activities.xml" && ++n === 1) return void res.writeHead(429, { "retry-after": "0" }).end();
      if (req.url === "/undp/activities.xml")
        return void res.writeHead(200, XML).end(fixture("iati/sstc-activities-mixed.xml"));
      res.writeHead(404).end("no such file");
    });
    const files = [`${server.url}/undp/activities.xml`, `${server.url}/gone.xml`];
    const run = await discoverAll(iatiFiles, { files });
    expect(records(run.items).map((r) => r.key)).toContain("iati:XM-DAC-41114-PROJECT-00012345");
    expect(records(run.items)).toHaveLength(5);
    expect(problems(run.items).map((p) => [p.url, p.message.split(":")[0]])).toEqual([
      [files[0], "activity #6 (line 7)"],
      [files[1], "file not read"],
    ]);
    expect(server.requests.map((r) => r.url)).toEqual(["/undp/activities.xml", "/undp/activities.xml", "/gone.xml"]);
  });

  it("streams: the first activities come out before the rest of the file is sent", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const [head, tail] = fixture("iati/sstc-activities-mixed.xml").split('<iati-activity dataset="ec-devco"');
    server = await startServer(async (_req, res) => {
      res.writeHead(200, XML);
      res.write(head);
      await released;
      // A large rest: the parser must not wait for it or hold it whole.
      const filler =
        `<iati-activity version="2.03"><iati-identifier>GB-1-FILLER</iati-identifier><title><narrative>R` +
        `oad maintenance</narrative></title></iati-activity>\n`;
      for (let i = 0; i < 2000; i++) res.write(filler);
      res.end(`<iati-activity dataset="ec-devco"${tail}`);
    });
    const { ctx } = contextFor(iatiFiles, { files: [`${server.url}/big.xml`] });
    const timer = setTimeout(release, 3000);
    const seen: string[] = [];
    let beforeRelease = 0;
    let isReleased = false;
    released.then(() => (isReleased = true));
    for await (const item of iatiFiles.discover(ctx)) {
      if (item.kind !== "record") continue;
      seen.push(item.record.key);
      if (!isReleased) beforeRelease++;
      release();
    }
    clearTimeout(timer);
    expect(beforeRelease).toBe(1);
    expect(seen[0]).toBe("iati:XM-DAC-41114-PROJECT-00012345");
    expect(seen).toHaveLength(5);
  });

  it("reports an empty file or one that is not XML, and still reads the next", async () => {
    server = await startServer((req, res) => {
      if (req.url === "/empty.xml") return void res.writeHead(200, XML).end();
      if (req.url === "/login.xml")
        return void res
          .writeHead(200, { "content-type": "text/html" })
          .end("<!DOCTYPE html><html><body>Please log in</body></html>");
      if (req.url === "/none.xml")
        return void res.writeHead(200, XML).end('<?xml version="1.0"?>\n<iati-activities version="2.03"/>');
      res.writeHead(200, XML).end(fixture("iati/sstc-activities-mixed.xml"));
    });
    const files = ["/empty.xml", "/login.xml", "/none.xml", "/ok.xml"].map((p) => server!.url + p);
    const run = await discoverAll(iatiFiles, { files });
    expect(
      problems(run.items)
        .filter((p) => p.message.startsWith("file not read"))
        .map((p) => p.url),
    ).toEqual([files[0], files[1]]);
    expect(records(run.items)).toHaveLength(5);
  });

  it("moves the default files to baseUrl (a mirror or a test server), keeping their paths", () => {
    const { ctx } = contextFor(iatiFiles, { baseUrl: "http://127.0.0.1:8123" });
    expect(fileUrls(ctx.settings)).toHaveLength(DEFAULT_FILES.length);
    expect(fileUrls(ctx.settings)[1]).toBe("http://127.0.0.1:8123/iati/iati-activities-regional.xml");
  });
});
