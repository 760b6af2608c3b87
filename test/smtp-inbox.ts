import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";

/** One message a test SMTP server accepted. */
export interface Mail {
  to: string[];
  raw: string;
  subject: string;
  /** The message with quoted-printable soft breaks and escapes undone, for reading. */
  decoded: string;
}

const decodeQp = (s: string) =>
  s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

/**
 * A real SMTP server on 127.0.0.1 and a free port, keeping every message it accepts.
 * @example const smtp = await startSmtpInbox(); await runOutbox(db, { smtpUrl: smtp.url, ... }); smtp.inbox[0].subject
 */
export async function startSmtpInbox(): Promise<{ url: string; inbox: Mail[]; close(): Promise<void> }> {
  const inbox: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const decoded = Buffer.from(decodeQp(raw), "latin1").toString("utf8");
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1].replace(/\r?\n[ \t]/g, " ") ?? "";
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, subject, decoded });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    inbox,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/**
 * A test file's SMTP inbox: started before its tests, closed after them; read `url` and `inbox` inside a test.
 * @example const smtp = useSmtpInbox(); it("mails", async () => { ...; expect(smtp.inbox).toHaveLength(1); });
 */
export function useSmtpInbox(): { readonly url: string; readonly inbox: Mail[] } {
  let smtp: Awaited<ReturnType<typeof startSmtpInbox>> | undefined;
  beforeAll(async () => {
    smtp = await startSmtpInbox();
  });
  afterAll(() => smtp?.close());
  return {
    get url() {
      return smtp!.url;
    },
    get inbox() {
      return smtp!.inbox;
    },
  };
}
