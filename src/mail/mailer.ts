/**
 * Sending one e-mail. The rest of the system never sends directly: it writes to the outbox
 * (outbox.repository.ts) and the sender (sender.ts) delivers through a `Mailer`.
 */
import { resolve } from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | undefined;
  /**
   * Files read from disk when the message is sent; a relative `path` is relative to the mailer's file root
   * (UPLOAD_DIR), so queued mail survives moving the upload folder.
   */
  readonly attachments?: readonly { fileName: string; contentType: string; path: string }[] | undefined;
}

export interface Mailer {
  /** Delivers one message to the SMTP server; rejects when the server did not accept it. */
  send(mail: OutgoingMail): Promise<void>;
  /** Closes open connections. */
  close(): void;
}

/** The SMTP mailer (nodemailer), from `SMTP_URL`, `MAIL_FROM` and `UPLOAD_DIR` (the attachments' root). */
export function createSmtpMailer(smtpUrl: string, from: string, fileRoot: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // Fail fast enough that one unreachable server does not hold the sender for minutes.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.attachments && mail.attachments.length > 0
          ? {
              attachments: mail.attachments.map((a) => ({
                filename: a.fileName,
                contentType: a.contentType,
                path: resolve(fileRoot, a.path),
              })),
            }
          : {}),
      });
    },
    close() {
      transport.close();
    },
  };
}
