import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import * as z from 'zod';
import { JP_PHONE_METADATA } from './data/phone-jp.generated';

// An organisation's telephone number, Japanese numbers only (固定電話・携帯電話・IP電話・
// フリーダイヤル・ナビダイヤル): typed any way people write them (０４８（１２３）４５６７,
// 048 123 4567, +81 48-123-4567, with long dashes or spaces), stored in one form, the domestic
// one with hyphens where the numbering plan puts them (048-123-4567, 090-1234-5678,
// 0120-123-456). The rules are libphonenumber's, with Japan's metadata only (data/generate-phone.ts).

// Dashes and spaces people type between the groups; NFKC turns full-width digits and brackets
// into ASCII, not every dash.
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff0d\u2500\ufe63]/g;

/**
 * The number in its stored form (048-123-4567), or undefined when it is not a Japanese
 * telephone number that can exist. Extensions (内線) and numbers of other countries are refused.
 */
export function normalizePhone(input: string): string | undefined {
  const typed = input.normalize('NFKC').replace(DASHES, '-').trim();
  // Only digits, the separators people use, and a leading + for the country code.
  if (!/^\+?[\d\s\-().]+$/.test(typed) || typed.replace(/\D/g, '').length > 15) return undefined;
  const parsed = parsePhoneNumberFromString(typed, 'JP', JP_PHONE_METADATA);
  if (parsed?.country !== 'JP' || !parsed.isValid()) return undefined;
  return parsed.formatNational();
}

/** The stored form when the number is valid, otherwise what was typed (for the message). */
const normalizedOrTyped = (s: string) => normalizePhone(s) ?? s;

export const phoneSchema = z
  .string()
  .trim()
  .max(30, '電話番号が長すぎます')
  .overwrite(normalizedOrTyped)
  .refine(
    (s) => normalizePhone(s) === s,
    '電話番号の形式が正しくありません（例: 048-123-4567、090-1234-5678）',
  )
  .describe(
    'A Japanese telephone number, stored in the domestic form with hyphens (048-123-4567); full-width digits, spaces and +81 are accepted',
  );
