import nodemailer from "nodemailer";

/**
 * E-mail channel over SMTP (nodemailer). The transport is made once per outbox run from SMTP_URL
 * (e.g. smtp://user:pass@mail.example.org:587) and closed at the end of the run.
 */

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * @example const mailer = createMailer({ smtpUrl: "smtp://127.0.0.1:2525", mailFrom: "alerts@example.org" }); await
 *   mailer.send(msg); mailer.close();
 */
export function createMailer(options: { smtpUrl: string; mailFrom: string; timeoutMs?: number }): Mailer {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as never) as nodemailer.Transporter;
  return {
    async send(message) {
      await transport.sendMail({
        from: options.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
    close() {
      transport.close();
    },
  };
}
