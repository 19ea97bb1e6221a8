import { describe, expect, it } from 'vitest';
import { type AuditEntry, auditChanges, DEFAULT_TIERS, newAuditEntry, type Platform } from '#domain';
import { auditSentence } from '../../shared/http/pages/secretariat/audit-words';

// The audit log's pure parts: what an entry keeps of who did it, what changed, and the sentence
// a reader sees (one language; the actions no route records yet are ready for the lead's wiring).

const platform = { id: 'saitama', name: '埼玉県', tiers: DEFAULT_TIERS } as unknown as Platform;
const actor = {
  person: {
    id: 'P1',
    email: 'yamada@example.jp',
    name: '山田 花子',
    language: 'ja' as const,
    createdAt: '',
    updatedAt: '',
  },
  orgRoles: new Map(),
  secretariatOf: new Set(['saitama']),
};
const entry = (record: Partial<AuditEntry> & Pick<AuditEntry, 'action'>): AuditEntry => ({
  ...newAuditEntry(actor, 'saitama', record, '2026-12-07T01:00:00.000Z', '01KC0000000000000000000000'),
});

describe('newAuditEntry', () => {
  it('keeps who did it as they were then: id, name and address', () => {
    expect(entry({ action: 'news.post' }).actor).toEqual({
      personId: 'P1',
      name: '山田 花子',
      email: 'yamada@example.jp',
    });
    const nameless = newAuditEntry(
      { ...actor, person: { ...actor.person, name: undefined } },
      'saitama',
      { action: 'run.match' },
      '2026-12-07T01:00:00.000Z',
      '01KC0000000000000000000000',
    );
    expect(nameless.actor).toEqual({ personId: 'P1', email: 'yamada@example.jp' });
  });
});

describe('auditChanges', () => {
  it('keeps only the keys that changed, objects as JSON, absent as null', () => {
    expect(
      auditChanges(
        { name: 'A', tier: 'member', digest: { weekday: 1 } },
        { name: 'A', tier: 'supporting', digest: { weekday: 2 }, nameEn: 'B' },
        ['name', 'tier', 'digest', 'nameEn'],
      ),
    ).toEqual({
      before: { tier: 'member', digest: '{"weekday":1}', nameEn: null },
      after: { tier: 'supporting', digest: '{"weekday":2}', nameEn: 'B' },
    });
  });
});

describe('auditSentence', () => {
  const target = { kind: 'organization' as const, id: 'O1', label: 'カフェ こもれび' };
  it('a decline with its reason, in the reader’s language only', () => {
    const e = entry({ action: 'membership.decline', target, detail: { reason: '活動地域が県外のため' } });
    expect(auditSentence(e, platform, 'ja')).toBe(
      '山田 花子が「カフェ こもれび」の参加申請を見送りました（理由: 活動地域が県外のため）',
    );
    expect(auditSentence(e, platform, 'en')).toBe(
      '山田 花子 declined the application of カフェ こもれび (reason: 活動地域が県外のため)',
    );
  });

  it('a tier change by the tiers’ names, and the address of a person without a name', () => {
    const e = entry({
      action: 'membership.tier',
      target,
      before: { tier: 'member' },
      after: { tier: 'supporting' },
    });
    expect(auditSentence(e, platform, 'ja')).toBe(
      '山田 花子が「カフェ こもれび」の会員区分を会員から賛助会員に変更しました',
    );
    expect(auditSentence(e, platform, 'en')).toBe(
      '山田 花子 changed the tier of カフェ こもれび from Member to Supporting member',
    );
    const { name: _name, ...nameless } = e.actor;
    expect(auditSentence({ ...e, actor: nameless }, platform, 'ja')).toMatch(/^yamada@example\.jpが/);
  });

  it('an action the page has no sentence for yet is still shown, by its label', () => {
    const e = { ...entry({ action: 'news.post' }), action: 'import.members' } as unknown as AuditEntry;
    expect(auditSentence(e, platform, 'ja')).toBe('山田 花子: import.members');
  });
});
