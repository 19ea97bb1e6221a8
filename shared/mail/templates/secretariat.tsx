import { byLanguage, type PlatformContact, secretariatName } from '#domain';
import type { MailFrame } from './types';

// The footer's own styles (parts.tsx imports this file, so it does not import parts.tsx).
const LINE = 'margin:0';
const LINK = 'color:#2f6f5e';

// The platform's secretariat in its own mail (docs/mail.md "The secretariat's voice"): the From
// name, the Reply-To, and the contact block every platform mail ends with. A component of its
// own, so the footer's other parts (links, terms) can change beside it.

/** From display name and Reply-To of a platform mail, for the outbox message. */
export function platformSender(frame: Pick<MailFrame, 'platform' | 'lang'>): {
  fromName: string;
  replyTo?: string[];
} {
  const email = frame.platform.contact?.email;
  return { fromName: secretariatName(frame.platform, frame.lang), ...(email ? { replyTo: [email] } : {}) };
}

interface ContactRow {
  label: string;
  value: string;
  href?: string;
}

function contactRows(frame: Pick<MailFrame, 'platform' | 'lang'>): {
  heading: string;
  name: string;
  rows: ContactRow[];
} {
  const { lang } = frame;
  const c: PlatformContact = frame.platform.contact ?? {};
  const t = (ja: string, en: string) => byLanguage(lang, ja, en);
  const rows: ContactRow[] = [];
  if (c.email) rows.push({ label: t('メール', 'Email'), value: c.email, href: `mailto:${c.email}` });
  if (c.phone)
    rows.push({ label: t('電話', 'Phone'), value: c.phone, href: `tel:${c.phone.replace(/[^0-9+]/g, '')}` });
  if (c.address) rows.push({ label: t('住所', 'Address'), value: c.address });
  if (c.hours) rows.push({ label: t('受付時間', 'Office hours'), value: c.hours });
  return {
    heading: t('お問い合わせ先', 'Contact'),
    name: secretariatName(frame.platform, lang),
    rows,
  };
}

/** The secretariat's contact, last in the mail (HTML). */
export function SecretariatContact({ frame }: { frame: Pick<MailFrame, 'platform' | 'lang'> }) {
  const copy = contactRows(frame);
  return (
    <div style="margin:12px 0 0">
      <p style={LINE}>
        {copy.heading}: <strong>{copy.name}</strong>
      </p>
      {copy.rows.map((row) => (
        <p style={`${LINE};white-space:pre-line`}>
          {row.label}:{' '}
          {row.href ? (
            <a href={row.href} style={LINK}>
              {row.value}
            </a>
          ) : (
            row.value
          )}
        </p>
      ))}
    </div>
  );
}

/** The same contact as plain text. */
export function secretariatContactLines(frame: Pick<MailFrame, 'platform' | 'lang'>): string[] {
  const copy = contactRows(frame);
  return ['', `${copy.heading}: ${copy.name}`, ...copy.rows.map((row) => `${row.label}: ${row.value}`)];
}
