import { describe, expect, it } from 'vitest';
import { isSharedMailDomain, mailboxOf, mailDomainOf } from '#domain';

describe('mailboxOf', () => {
  it.each([
    ['victim@example.jp', 'victim@example.jp'],
    ['Victim@Example.JP', 'victim@example.jp'],
    ['victim+a@example.jp', 'victim@example.jp'],
    ['victim+a+b@example.jp', 'victim@example.jp'],
    ['vic.tim@example.jp', 'vic.tim@example.jp'],
    ['vic.tim@gmail.com', 'victim@gmail.com'],
    ['V.I.C.T.I.M+signup@Gmail.com', 'victim@gmail.com'],
    ['victim@googlemail.com', 'victim@gmail.com'],
    ['+only@example.jp', '+only@example.jp'],
    ['"odd"@example.jp', '"odd"@example.jp'],
  ])('reads %s as the mailbox %s', (email, mailbox) => {
    expect(mailboxOf(email)).toBe(mailbox);
  });

  it('keeps different people apart', () => {
    expect(mailboxOf('tanaka@kodomo.example.jp')).not.toBe(mailboxOf('tanaka@miraimart.example.jp'));
    expect(mailboxOf('a.b@example.jp')).not.toBe(mailboxOf('ab@example.jp'));
  });
});

describe('mailDomainOf and shared domains', () => {
  it('reads the domain in lower case, googlemail as gmail', () => {
    expect(mailDomainOf('x@City.Kawaguchi.LG.jp')).toBe('city.kawaguchi.lg.jp');
    expect(mailDomainOf('x@googlemail.com')).toBe('gmail.com');
  });

  it('knows the large shared mail services, not an organisation’s own domain', () => {
    expect(isSharedMailDomain('gmail.com')).toBe(true);
    expect(isSharedMailDomain('docomo.ne.jp')).toBe(true);
    expect(isSharedMailDomain('city.kawaguchi.lg.jp')).toBe(false);
  });
});
