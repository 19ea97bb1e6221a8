import { describe, expect, it } from 'vitest';
import { contactVerificationAfter, isContactVerified, type Organization, publicOrganization } from '#domain';

// The contact rule (docs/mail.md "Who receives what"): an address is confirmed for as long as it
// is the one that was confirmed; the signed-in address of whoever enters it counts as confirmed.

const NOW = '2026-11-02T01:00:00.000Z';
const LATER = '2026-11-09T01:00:00.000Z';

function org(email: string, verified?: string): Organization {
  return {
    id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    name: 'NPO法人 ひだまり',
    legalForm: 'npo_corporation',
    location: { prefecture: '11' },
    contact: { name: '川口 花子', email },
    directoryListed: false,
    ...(verified ? { contactVerification: { email: verified, verifiedAt: NOW } } : {}),
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
  };
}

describe('the contact address', () => {
  it('is confirmed only while it is the address that was confirmed', () => {
    expect(isContactVerified(org('a@example.jp'))).toBe(false);
    expect(isContactVerified(org('a@example.jp', 'a@example.jp'))).toBe(true);
    expect(isContactVerified(org('b@example.jp', 'a@example.jp'))).toBe(false);
  });

  it('is confirmed at once when it is the signed-in address of whoever enters it', () => {
    expect(
      contactVerificationAfter(org('me@example.jp'), 'me@example.jp', LATER).contactVerification,
    ).toEqual({
      email: 'me@example.jp',
      verifiedAt: LATER,
    });
  });

  it('keeps its confirmation while unchanged, and loses it when changed to someone else’s address', () => {
    const kept = contactVerificationAfter(org('a@example.jp', 'a@example.jp'), 'me@example.jp', LATER);
    const changed = contactVerificationAfter(org('b@example.jp', 'a@example.jp'), 'me@example.jp', LATER);

    expect(kept.contactVerification).toEqual({ email: 'a@example.jp', verifiedAt: NOW });
    expect(changed).not.toHaveProperty('contactVerification');
  });

  it('is left out, with its confirmation, of what others see', () => {
    const seen = publicOrganization(org('a@example.jp', 'a@example.jp'));

    expect(seen).not.toHaveProperty('contact');
    expect(seen).not.toHaveProperty('contactVerification');
  });
});
