import * as z from 'zod';
import { ja } from 'zod/locales';

// Japanese messages first: members read these next to the field they typed in. The locale
// covers the rest; the two commonest cases get plainer wording than the generic one. Only the
// Japanese locale is imported: `z.locales.ja()` (and `import { z } from 'zod'`, zod's assembled
// namespace) would put all ~50 locales, 258 KB, in every Lambda bundle (biome.json forbids both).
z.config(ja());
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return '入力してください（必須項目です）';
    if (issue.code === 'invalid_value' && (issue.input === undefined || issue.input === ''))
      return '選んでください（必須項目です）';
    if (issue.code === 'unrecognized_keys') return '使用できない項目です';
    return undefined;
  },
});

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const ulidSchema = z.string().regex(ULID_PATTERN, 'IDの形式が正しくありません');

export const platformIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'プラットフォームIDは英小文字・数字・ハイフン（2〜40文字）です')
  // Platform ids are keys of maps (digest choices, statistics): never one that every object has.
  .refine((id) => !Object.hasOwn(Object.prototype, id), 'このIDは使用できません');

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'メールアドレスが長すぎます')
  .toLowerCase()
  .pipe(z.email('メールアドレスの形式が正しくありません'));

// Control characters other than tab/newline have no place in member-written text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to reject them
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: single-line text rejects newlines too
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f]/;
// Bidirectional embedding/override/isolate controls can make a name read backwards (spoofing);
// right-to-left text itself is fine.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A single line of text: trimmed, non-empty, at most `max` characters. */
export function line(max: number) {
  return z
    .string()
    .trim()
    .min(1, '入力してください')
    .max(max, `${max}文字以内で入力してください`)
    .refine(
      (s) => !CONTROL_OR_NEWLINE.test(s) && !LONE_SURROGATE.test(s) && !BIDI_CONTROL.test(s),
      '使用できない文字が含まれています',
    );
}

/**
 * Free text with line breaks: trimmed, at most `max` characters. A form's text area sends each
 * line break as CRLF, which the browser counted as one character against its maxlength: line
 * breaks are stored as LF, so what fit in the text area fits here.
 */
export function text(max: number) {
  return z
    .string()
    .trim()
    .overwrite((s) => s.replace(/\r\n?/g, '\n'))
    .max(max, `${max}文字以内で入力してください`)
    .refine(
      (s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s) && !BIDI_CONTROL.test(s),
      '使用できない文字が含まれています',
    );
}

export const isoDate = z.iso.date('日付は YYYY-MM-DD の形式で入力してください').refine((d) => {
  const year = Number(d.slice(0, 4));
  return year >= 2000 && year <= 2100;
}, '2000年から2100年までの日付を入力してください');

export const periodSchema = z
  .strictObject({
    start: isoDate,
    end: isoDate.optional(),
  })
  .refine((p) => p.end === undefined || p.end >= p.start, {
    message: '終了日は開始日以降にしてください',
    path: ['end'],
  })
  .meta({ id: 'Period', description: 'Dates in Asia/Tokyo. No end = open-ended.' });
export type Period = z.infer<typeof periodSchema>;

// A web address as people type it: `example.org/about` or `www.example.org` (a host with a dot,
// an optional port and path, no scheme) means the https site; anything with a scheme is kept as
// typed, so `http://` stays http and `javascript:` is still refused.
const BARE_HOST = /^[^\s/:?#@]+\.[^\s/:?#@]+(:\d{1,5})?([/?#]\S*)?$/u;

/** The address with `https://` in front when it was typed without a scheme; otherwise as it is. */
export function completeUrl(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const typed = input.trim();
  return BARE_HOST.test(typed) ? `https://${typed}` : typed;
}

export const urlSchema = z.preprocess(
  completeUrl,
  z
    .url({
      protocol: /^https?$/,
      error: 'URLの形式が正しくありません（例: example.org または https://example.org）',
    })
    .max(500, 'URLが長すぎます')
    .describe(
      'A web address. Without a scheme (`example.org/about`) it is stored as `https://example.org/about`',
    ),
);

/** Array of unique values from a closed list. */
export function uniqueList<T extends z.ZodType>(item: T, { min = 0, max }: { min?: number; max: number }) {
  return z
    .array(item)
    .min(min, min === 1 ? '1つ以上選んでください' : `${min}つ以上選んでください`)
    .max(max, `${max}つまで選べます`)
    .refine((xs) => new Set(xs).size === xs.length, '同じ項目が重複しています');
}

export const timestamps = {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const versionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const TOKYO_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Japan (YYYY-MM-DD): platforms' days and weeks are Asia/Tokyo. */
export function tokyoDate(at: Date): string {
  return TOKYO_DATE.format(at);
}
