import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { fromWithName } from './address';

export interface SesSettings {
  region: string;
  endpoint?: string | undefined;
}

/** An SES v2 client; with an endpoint (aws-ses-v2-local) it uses dummy credentials. */
export function createSesClient({ region, endpoint }: SesSettings): SESv2Client {
  return new SESv2Client({
    region,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string> | undefined;
  /** The From display name (a platform's secretariat); the address is always the configured one. */
  fromName?: string | undefined;
  /** Reply-To addresses (SES ReplyToAddresses), e.g. the platform secretariat's address. */
  replyTo?: readonly string[] | undefined;
  /** SES message tags (values [A-Za-z0-9_-]); SES events carry them back. */
  tags?: Record<string, string> | undefined;
}

export interface Mailer {
  /** Sends one mail now and returns SES's message id. */
  send(mail: Mail): Promise<string>;
}

export function createMailer(ses: SESv2Client, from: string, configurationSet?: string): Mailer {
  return {
    async send(mail) {
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: mail.fromName ? fromWithName(mail.fromName, from) : from,
          ...(mail.replyTo && mail.replyTo.length > 0 ? { ReplyToAddresses: [...mail.replyTo] } : {}),
          ConfigurationSetName: configurationSet,
          EmailTags: Object.entries(mail.tags ?? {}).map(([Name, Value]) => ({ Name, Value })),
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
              Headers: Object.entries(mail.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
            },
          },
        }),
      );
      return out.MessageId ?? '';
    },
  };
}

/** What sesMailer needs of the configuration (Config has it). */
export interface SesMailerSettings {
  region: string;
  sesEndpoint?: string | undefined;
  mailFrom: string;
  mail: { configurationSet?: string | undefined };
}

/**
 * The SES mailer of a process that sends (functions/send.ts, the local shells, the tests). Only
 * those call it, so the SES SDK is in no other Lambda bundle.
 */
export function sesMailer(settings: SesMailerSettings): Mailer {
  return createMailer(
    createSesClient({ region: settings.region, endpoint: settings.sesEndpoint }),
    settings.mailFrom,
    settings.mail.configurationSet,
  );
}
