import * as z from 'zod';
import { emailSchema, line, text } from './common';
import type { Language } from './person';

// A platform's secretariat (事務局) as its members meet it in mail: the name its mail comes from,
// the address a reply reaches, and how else to reach it (docs/mail.md "The secretariat's voice").

export const platformContactSchema = z
  .strictObject({
    name: line(100)
      .optional()
      .describe(
        "The secretariat's name, e.g. ○○プラットフォーム事務局: the From name of the platform's mail",
      ),
    nameEn: line(150).optional().describe('Its English name, for readers in English'),
    email: emailSchema.optional().describe('Where replies to the platform’s mail go (Reply-To)'),
    phone: z
      .string()
      .trim()
      .regex(
        /^[0-9０-９+()（）\- ‐－]{6,24}$/,
        '電話番号は数字とハイフンで入力してください（例: 048-000-0000）',
      )
      .optional(),
    address: text(200).optional().describe('Postal address; line breaks are kept'),
    hours: line(100).optional().describe('Office hours, e.g. 平日 9:00〜17:00'),
  })
  .meta({ id: 'PlatformContact' });
export type PlatformContact = z.infer<typeof platformContactSchema>;

/** The secretariat's name in the reader's language: its own, or the platform's name + 事務局. */
export function secretariatName(
  platform: { name: string; nameEn?: string | undefined; contact?: PlatformContact | undefined },
  lang: Language,
): string {
  const contact = platform.contact ?? {};
  if (lang === 'en') {
    return contact.nameEn ?? `${platform.nameEn ?? platform.name} Secretariat`;
  }
  return contact.name ?? `${platform.name}事務局`;
}
