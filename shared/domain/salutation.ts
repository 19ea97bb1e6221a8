import * as z from 'zod';
import { line } from './common';

// How people are addressed, in mail and on pages (docs/mail.md "How people are addressed"):
// one rule, here, so no template spells a greeting of its own.
//
//   organisation and name known   団体名 氏名 様        Dear 氏名,
//   name only                     氏名 様              Dear 氏名,
//   organisation only             団体名 ご担当者様     Dear 団体名,
//   neither                       ご担当者様           Hello,
//
// The organisation is the one the mail or page is about, the reader's own (in an introduction,
// their side; in a digest, their organisation on that platform when they have exactly one).

/** Who is addressed, as far as it is known. Blank values count as unknown. */
export interface Addressee {
  organizationName?: string | undefined;
  name?: string | undefined;
}

/** The Japanese for someone whose name is not known: ご担当者 (the person in charge). */
export const NAMELESS = 'ご担当者';

const flat = (value: string | undefined): string | undefined => {
  const v = value?.replace(/\s+/g, ' ').trim();
  return v ? v : undefined;
};

/** The address line: 「団体名 氏名 様」, 「氏名 様」, 「団体名 ご担当者様」 or 「ご担当者様」, and the English. */
export function salutation(who: Addressee): { ja: string; en: string } {
  const org = flat(who.organizationName);
  const name = flat(who.name);
  const person = name ? `${name} 様` : `${NAMELESS}様`;
  return {
    ja: org ? `${org} ${person}` : person,
    en: name ? `Dear ${name},` : org ? `Dear ${org},` : 'Hello,',
  };
}

/** A person named on their own (a partner's contact, an inviter): 「氏名 様」 or 「ご担当者様」. */
export function honorific(name: string | undefined): string {
  return salutation({ name }).ja;
}

// --- names ---------------------------------------------------------------------------------------

/** 氏名: one line, trimmed, up to 100 characters; once given it can be changed, not removed. */
export const personNameSchema = line(100).meta({
  description: 'Full name (氏名) as the person wants to be addressed, e.g. 田中 恵',
  examples: ['田中 恵'],
});

// Katakana (ァ..ヺ, ・, ー, ヽヾ) in words separated by one full-width space.
const KATAKANA_WORDS = /^[\u30a1-\u30fe]+(?:\u3000[\u30a1-\u30fe]+)*$/;

/**
 * フリガナ as typed, normalised: half-width katakana and full-width letters folded (NFKC),
 * hiragana made katakana, spaces of any kind made one full-width space, ends trimmed.
 */
export function normaliseKana(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .trim()
    .replace(/\s+/g, '\u3000');
}

/** フリガナ: katakana or hiragana and spaces, stored as full-width katakana (normaliseKana). */
export const nameKanaSchema = z
  .string()
  .max(200, '100文字以内で入力してください')
  .overwrite(normaliseKana)
  .min(1, '入力してください')
  .max(100, '100文字以内で入力してください')
  .regex(KATAKANA_WORDS, 'フリガナは、カタカナまたはひらがなで入力してください（例: タナカ メグミ）')
  .meta({
    description:
      'Reading of the name (フリガナ): katakana or hiragana, words separated by spaces; stored as full-width katakana with full-width spaces',
    examples: ['タナカ　メグミ'],
  });

/** Who invites, for the invitation mail and page: 「氏名 様（address）」, or the address with 様. */
export function inviterOf(inviter: { email: string; name?: string | undefined }): { ja: string; en: string } {
  const name = flat(inviter.name);
  const short = name && Array.from(name).length > 60 ? `${Array.from(name).slice(0, 59).join('')}…` : name;
  return short
    ? { ja: `${short} 様（${inviter.email}）`, en: `${short} (${inviter.email})` }
    : { ja: `${inviter.email} 様`, en: inviter.email };
}
