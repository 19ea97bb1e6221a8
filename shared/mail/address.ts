// The From of a mail with a display name, as SES takes it: the address must be 7-bit ASCII and a
// display name with other characters must be MIME encoded-words (RFC 2047), because SES does not
// support SMTPUTF8 (RFC 6531). Pure: no SES here.

/** The address of `Name <address>` or of a bare address. */
export function addressOf(mailbox: string): string {
  return (/<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();
}

/** An encoded-word is at most 75 characters: `=?UTF-8?B?` + base64 of 45 bytes (60) + `?=`. */
const MAX_BYTES_PER_WORD = 45;

/**
 * A display name as a phrase of RFC 2047 encoded-words (`=?UTF-8?B?…?=`), split between
 * characters so no word ends inside a character; whitespace between adjacent words is dropped
 * by the reader.
 */
export function encodedWords(name: string): string {
  const words: string[] = [];
  let bytes: Buffer[] = [];
  let size = 0;
  for (const char of name) {
    const b = Buffer.from(char, 'utf8');
    if (size + b.length > MAX_BYTES_PER_WORD) {
      words.push(Buffer.concat(bytes).toString('base64'));
      bytes = [];
      size = 0;
    }
    bytes.push(b);
    size += b.length;
  }
  if (size > 0) words.push(Buffer.concat(bytes).toString('base64'));
  return words.map((w) => `=?UTF-8?B?${w}?=`).join(' ');
}

const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

/**
 * `Name <address>` for SES's FromEmailAddress: the address of `from` (the verified MAIL_FROM)
 * with this display name; an ASCII name quoted (RFC 5322 quoted-string), any other encoded.
 */
export function fromWithName(name: string, from: string): string {
  const address = addressOf(from);
  const flat = name.replace(/\s+/g, ' ').trim();
  if (flat === '') return from;
  const phrase = PRINTABLE_ASCII.test(flat) ? `"${flat.replace(/(["\\])/g, '\\$1')}"` : encodedWords(flat);
  return `${phrase} <${address}>`;
}

/** Reads a From back (tests, logs): the display name with encoded-words decoded, and the address. */
export function parseFrom(value: string): { name: string; address: string } {
  const address = addressOf(value);
  const phrase = value.replace(/<[^<>]*>\s*$/, '').trim();
  const decoded = phrase
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_, b64: string) =>
      Buffer.from(b64, 'base64').toString('utf8'),
    );
  const name =
    decoded.startsWith('"') && decoded.endsWith('"') ? decoded.slice(1, -1).replace(/\\(.)/g, '$1') : decoded;
  return { name, address };
}
