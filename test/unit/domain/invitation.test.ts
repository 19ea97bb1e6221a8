import { describe, expect, it } from 'vitest';
import { invitationToken, invitationView, parseInvitationToken } from '#domain';

const ORG = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const INV = '01BX5ZZKBKACTAV9WEVGEMMVRZ';
const SECRET = `${'a'.repeat(42)}_`;

describe('invitation tokens', () => {
  it('carry the organisation and the invitation, which say where to look', () => {
    expect(parseInvitationToken(invitationToken(ORG, INV, SECRET))).toEqual({
      organizationId: ORG,
      invitationId: INV,
    });
  });

  it('refuse anything else', () => {
    for (const token of [
      '',
      `${ORG}${INV}`,
      `${ORG}${INV}${SECRET}x`,
      `${ORG}${INV}${SECRET.slice(1)}`,
      `${ORG.toLowerCase()}${INV}${SECRET}`,
      `${ORG}${INV.replace('0', 'U')}${SECRET}`,
      `${ORG}${INV}${'a'.repeat(42)}=`,
    ])
      expect(parseInvitationToken(token), token).toBeUndefined();
  });
});

describe('the invitation as the API shows it', () => {
  it('gives the expiry as a time and nothing of the link', () => {
    const view = invitationView({
      id: INV,
      organizationId: ORG,
      email: 'new@example.jp',
      role: 'viewer',
      invitedBy: { personId: ORG, email: 'owner@example.jp' },
      createdAt: '2026-12-01T00:00:00.000Z',
      endsAt: 1_796_000_000,
    });
    expect(view).not.toHaveProperty('endsAt');
    expect(view.expiresAt).toBe(new Date(1_796_000_000_000).toISOString());
  });
});
