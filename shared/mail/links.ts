import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

// Signed, single-purpose links in mails: answer one side of one introduction, report an
// outcome, stop the digest of one platform, stop one kind of mail to an address, or read
// tsunagu (pages and mails to an address) in the other language. They work
// without signing in, so each says exactly what it may do and (except unsubscribes, which
// must keep working, RFC 8058) until when.

const side = z.enum(['need', 'offer']);
export const linkSchema = z.discriminatedUnion('a', [
  z.object({ a: z.enum(['accept', 'decline']), m: z.string(), s: side, x: z.number() }),
  z.object({
    a: z.literal('outcome'),
    m: z.string(),
    s: side,
    o: z.enum(['formed', 'not_formed', 'in_progress']),
  }),
  z.object({ a: z.literal('digest-off'), p: z.string(), pl: z.string() }),
  z.object({ a: z.literal('unsubscribe'), e: z.string(), c: z.enum(['introduction', 'digest']) }),
  // Read tsunagu in the other language: the address's account (if any) and this browser.
  z.object({ a: z.literal('language'), e: z.string(), l: z.enum(['ja', 'en']) }),
]);
export type Link = z.infer<typeof linkSchema>;

const PURPOSE = 'tsunagu-link-v1';

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`${PURPOSE}|${payload}`).digest('base64url');
}

export function signLink(secret: string, link: Link): string {
  const payload = Buffer.from(JSON.stringify(link)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The link a token stands for, or undefined when it is forged, damaged or (if it expires) expired. */
export function verifyLink(secret: string, token: string, now: Date): Link | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || token.length > 2000) return undefined;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = linkSchema.safeParse(json);
  if (!parsed.success) return undefined;
  if ('x' in parsed.data && parsed.data.x * 1000 <= now.getTime()) return undefined;
  return parsed.data;
}

/** Where each link points. */
export const linkUrls = (appUrl: string, secret: string) => ({
  respond: (link: Link) => `${appUrl}/respond?token=${signLink(secret, link)}`,
  unsubscribe: (link: Link) => `${appUrl}/v1/unsubscribe?token=${signLink(secret, link)}`,
  language: (email: string, language: 'ja' | 'en') =>
    `${appUrl}/language/from-mail?token=${signLink(secret, { a: 'language', e: email, l: language })}`,
  match: (matchId: string) => `${appUrl}/matches/${matchId}`,
  preferences: () => `${appUrl}/preferences`,
  needs: (platformId: string) => `${appUrl}/platforms/${platformId}/needs`,
  offers: (platformId: string) => `${appUrl}/platforms/${platformId}/offers`,
  need: (id: string) => `${appUrl}/needs/${id}`,
  offer: (id: string) => `${appUrl}/offers/${id}`,
});

/** RFC 8058: a one-click unsubscribe URL (POST) in the two headers mailbox providers look for. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
