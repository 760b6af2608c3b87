import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Local https servers with certificates no client should trust: self-signed, and expired (valid
 * for one day in 2020). Made with the openssl command at test time, in a temporary directory,
 * so no key is ever committed.
 */

export type BadCertificate = "self-signed" | "expired";

function makeCertificate(kind: BadCertificate): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "ssc-tls-"));
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const keyArgs = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem"];
  const subject = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"];
  try {
    if (kind === "self-signed") {
      run(["req", "-x509", ...keyArgs, "-out", "cert.pem", "-days", "30", ...subject]);
    } else {
      run(["req", "-new", ...keyArgs, "-out", "req.pem", ...subject]);
      // `openssl ca` is the one subcommand of OpenSSL 3.0 that takes explicit validity dates.
      writeFileSync(
        join(dir, "ca.cnf"),
        "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\n" +
          "copy_extensions=copy\n[p]\ncommonName=supplied\n",
      );
      writeFileSync(join(dir, "index.txt"), "");
      writeFileSync(join(dir, "serial"), "01\n");
      run(
        [
          "ca",
          "-batch",
          "-config",
          "ca.cnf",
          "-selfsign",
          "-keyfile",
          "key.pem",
          "-in",
          "req.pem",
          "-out",
          "cert.pem",
        ].concat(["-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-notext"]),
      );
    }
    return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TlsServer {
  /** "https://127.0.0.1:<port>" */
  url: string;
  requests: number;
  close(): Promise<void>;
}

/** An https server with a bad certificate that would answer every request with a small PDF. */
export async function startBadTlsServer(kind: BadCertificate, body: Buffer): Promise<TlsServer> {
  const state = { requests: 0 };
  const server = createServer(makeCertificate(kind), (_req, res) => {
    state.requests++;
    res.writeHead(200, { "content-type": "application/pdf" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
