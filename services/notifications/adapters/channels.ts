// The outside channels behind the core's ports: e-mail through Amazon SES (cloud) or SMTP (the embedded
// runtime's local sink), SMS through Amazon SNS (cloud) or the runtime's log. Chosen from the environment once.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage, MailSender, SmsSender } from '../core/ports.ts';

export class SesMailSender implements MailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
          },
        },
        EmailTags: [{ Name: 'notification', Value: message.notificationId }],
      }),
    );
  }
}

/** SMTP, e.g. the embedded runtime's sink on the loopback interface. */
export class SmtpMailSender implements MailSender {
  readonly #transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.#transport = createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.#transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: { 'X-Notification-Id': message.notificationId },
    });
  }
}

export class SnsSmsSender implements SmsSender {
  constructor(private readonly client: SNSClient) {}

  async send(message: { to: string; text: string }): Promise<void> {
    await this.client.send(
      new PublishCommand({
        PhoneNumber: message.to,
        Message: message.text,
        MessageAttributes: {
          // Government notices are transactional, never promotional (delivered even to opted-out numbers' rules).
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        },
      }),
    );
  }
}

/** The embedded runtime's SMS: one log line per message. */
export class LoggingSmsSender implements SmsSender {
  constructor(private readonly log: (message: string, extra: Record<string, unknown>) => void) {}

  send(message: { to: string; text: string; notificationId: string }): Promise<void> {
    this.log('SMS', { to: message.to, text: message.text, notificationId: message.notificationId });
    return Promise.resolve();
  }
}

/** SMTP when SMTP_URL is set (the embedded runtime), else SES from MAIL_FROM. */
export function mailSenderFromEnv(env: NodeJS.ProcessEnv): MailSender {
  const from = env.MAIL_FROM || 'notifications@one-window.local';
  if (env.SMTP_URL) return new SmtpMailSender(env.SMTP_URL, from);
  return new SesMailSender(new SESv2Client({ maxAttempts: 3 }), from);
}

/** The log when SMS_TO_LOG is set (the embedded runtime), else SNS. */
export function smsSenderFromEnv(
  env: NodeJS.ProcessEnv,
  log: (message: string, extra: Record<string, unknown>) => void,
): SmsSender {
  if (env.SMS_TO_LOG) return new LoggingSmsSender(log);
  return new SnsSmsSender(new SNSClient({ maxAttempts: 3 }));
}
