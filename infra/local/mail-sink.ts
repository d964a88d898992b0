// The embedded runtime's e-mail: a real SMTP server (npm `smtp-server`) on the loopback interface that accepts
// every message the notification service sends (through nodemailer, as it would send to any SMTP relay) and
// keeps it, parsed with `mailparser`, for `GET /local/mail`. Nothing leaves the machine.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  notificationId: string | undefined;
  receivedAt: string;
}

export interface MailSink {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  messages(filter?: { to?: string }): ReceivedMail[];
  close(): Promise<void>;
}

export async function startMailSink(options: { now?: () => Date } = {}): Promise<MailSink> {
  const received: ReceivedMail[] = [];
  const now = options.now ?? (() => new Date());
  const server = new SMTPServer({
    // Loopback only, no authentication, no TLS: a sink for this machine's runtime, like a developer's MailHog.
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const header = mail.headers.get('x-notification-id');
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            notificationId: typeof header === 'string' ? header : undefined,
            receivedAt: now().toISOString(),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: (filter = {}) =>
      received.filter((m) => filter.to === undefined || m.to.includes(filter.to)).map((m) => ({ ...m })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
