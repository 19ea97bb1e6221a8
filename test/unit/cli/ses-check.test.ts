import { describe, expect, it } from 'vitest';
import {
  addressOf,
  type IdentityFacts,
  identitiesToCheck,
  type SesFacts,
  sesWarnings,
} from '../../../infra/cli/ses-check';

// `npm run platform -- create` against AWS warns when SES would refuse the secretariat's first
// sign-in mail: an unverified sender, or the sandbox with an unverified secretariat address.

const VERIFIED: IdentityFacts = { verified: true, dkimStatus: 'SUCCESS', mailFromStatus: 'SUCCESS' };
const facts = (over: Partial<SesFacts> & { identities?: Record<string, IdentityFacts> }): SesFacts => ({
  region: 'ap-northeast-1',
  fromAddress: 'no-reply@tsunagu.example.jp',
  productionAccess: true,
  ...over,
  identities: { 'tsunagu.example.jp': VERIFIED, ...over.identities },
});
const SECRETARIAT = ['jimukyoku@saitama.example.jp'];

describe('sesWarnings', () => {
  it('says nothing when the sender is verified and the account is out of the sandbox', () => {
    expect(sesWarnings(facts({}), SECRETARIAT)).toEqual([]);
  });

  it('warns while the sender’s domain is still being verified, with the command to check it', () => {
    const [warning, ...rest] = sesWarnings(
      facts({ identities: { 'tsunagu.example.jp': { verified: false, dkimStatus: 'PENDING' } } }),
      SECRETARIAT,
    );
    expect(rest).toEqual([]);
    expect(warning).toMatch(/tsunagu\.example\.jp is not verified for sending yet \(DKIM PENDING\)/);
    expect(warning).toContain('aws sesv2 get-email-identity --email-identity tsunagu.example.jp');
  });

  it('warns when MAIL_FROM names no identity of the region (e.g. MAIL_FROM not set from the stack)', () => {
    const warnings = sesWarnings(
      facts({ fromAddress: 'no-reply@tsunagu.example', identities: {} }),
      SECRETARIAT,
    );
    expect(warnings).toEqual([
      expect.stringMatching(/neither tsunagu\.example nor no-reply@tsunagu\.example/),
    ]);
  });

  it('in the sandbox, names each secretariat address that is not verified, and none that is', () => {
    const warnings = sesWarnings(
      facts({
        productionAccess: false,
        identities: { 'ok@saitama.example.jp': VERIFIED, 'kawaguchi.example.jp': VERIFIED },
      }),
      ['ok@saitama.example.jp', 'jimukyoku@saitama.example.jp', 'tanto@kawaguchi.example.jp'],
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/sandbox .* jimukyoku@saitama\.example\.jp is not a verified identity/);
    expect(warnings[0]).not.toContain('ok@saitama');
    expect(warnings[0]).not.toContain('tanto@');
    expect(warnings[0]).toContain('sandboxRecipients');
  });

  it('out of the sandbox, recipients need no verification', () => {
    expect(sesWarnings(facts({ productionAccess: true }), ['anyone@example.org'])).toEqual([]);
  });

  it('notes a custom MAIL FROM domain that is not set up yet, without calling it an error', () => {
    const warnings = sesWarnings(
      facts({ identities: { 'tsunagu.example.jp': { ...VERIFIED, mailFromStatus: 'PENDING' } } }),
      SECRETARIAT,
    );
    expect(warnings).toEqual([expect.stringMatching(/^note: the custom MAIL FROM domain .* is PENDING/)]);
  });
});

describe('addressOf and identitiesToCheck', () => {
  it('reads the address out of MAIL_FROM and looks up each address and its domain once', () => {
    expect(addressOf('tsunagu <no-reply@tsunagu.example.jp>')).toBe('no-reply@tsunagu.example.jp');
    expect(addressOf('no-reply@tsunagu.example.jp')).toBe('no-reply@tsunagu.example.jp');
    expect(identitiesToCheck('no-reply@tsunagu.example.jp', ['A@tsunagu.example.jp'])).toEqual([
      'no-reply@tsunagu.example.jp',
      'tsunagu.example.jp',
      'a@tsunagu.example.jp',
    ]);
  });
});
