// Who an address really reaches, for limits on what we send there. Sign-in links are limited
// per mailbox, not per spelling: "victim+a@", "victim+b@" and "Vic.tim@gmail.com" all land in
// one inbox, so they share one allowance. Mail still goes to the address as typed.

/** Providers that ignore dots in the local part, and the domain they deliver for. */
const DOTLESS_DOMAINS: Readonly<Record<string, string>> = {
  'gmail.com': 'gmail.com',
  'googlemail.com': 'gmail.com',
};

/**
 * Large shared mail services: many unrelated members use them, so a cap per domain must be
 * higher there, or one person flooding it would keep everyone else from signing in.
 */
const SHARED_DOMAINS = new Set([
  'gmail.com',
  'yahoo.co.jp',
  'ymail.ne.jp',
  'icloud.com',
  'me.com',
  'outlook.jp',
  'outlook.com',
  'hotmail.co.jp',
  'hotmail.com',
  'live.jp',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'au.com',
  'softbank.ne.jp',
  'i.softbank.jp',
  'nifty.com',
  'biglobe.ne.jp',
  'ocn.ne.jp',
]);

/** The domain an address delivers to (lower case; googlemail.com counts as gmail.com). */
export function mailDomainOf(email: string): string {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return DOTLESS_DOMAINS[domain] ?? domain;
}

/**
 * The mailbox an address delivers to: lower case, a "+tag" removed (sub-addressing, which
 * Gmail, Outlook, iCloud and most servers deliver to the same inbox), and the dots of a Gmail
 * local part ignored.
 */
export function mailboxOf(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = mailDomainOf(email);
  let local = email.slice(0, at).toLowerCase();
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS_DOMAINS[domain]) local = local.replaceAll('.', '') || local;
  return `${local}@${domain}`;
}

/** Whether a domain is a large shared mail service (a higher cap per domain applies). */
export const isSharedMailDomain = (domain: string): boolean => SHARED_DOMAINS.has(domain);
