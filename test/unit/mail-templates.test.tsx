import { describe, expect, it } from 'vitest';
import { ORG_ROLE_LABELS } from '#domain';
import {
  type ConnectedMailInput,
  connectedMail,
  contactVerificationMail,
  type DigestMailInput,
  digestMail,
  type FollowUpMailInput,
  followUpMail,
  invitationMail,
  type Mail,
  type MailFrame,
  type MembershipEvent,
  magicLinkMail,
  membershipMail,
  type ProposalMailInput,
  proposalMail,
  type ReminderMailInput,
  reminderMail,
} from '#mail';
import { tokyoDate } from '../../shared/mail/templates/parts';

// Builders: each returns a complete, valid input; a test overrides only what it is about.

const PLATFORM = '埼玉県 孤独・孤立対策官民連携プラットフォーム';
const PLATFORM_EN = 'Saitama Public-Private Platform';
const HOSTILE_ORG = `<script>alert("x")</script> & 'Co'`;
const HOSTILE_TITLE = '<b>Room</b> & "café"';

function frame(overrides: Partial<MailFrame> = {}): MailFrame {
  return {
    to: 'staff@npo.example.jp',
    addressee: { organizationName: 'NPO法人 かわぐち子ども食堂', name: '田中 恵' },
    lang: 'ja',
    platform: { name: PLATFORM, nameEn: PLATFORM_EN },
    preferencesUrl: 'https://tsunagu.example.jp/saitama/preferences?t=pref',
    unsubscribeUrl: 'https://tsunagu.example.jp/saitama/unsubscribe?t=unsub',
    languageUrl: 'https://tsunagu.example.jp/language/from-mail?token=switch',
    ...overrides,
  };
}

const introduction = {
  side: 'need' as const,
  own: { kind: 'venue' as const, title: 'こども食堂の会場' },
  other: {
    kind: 'venue' as const,
    title: '店舗2階の多目的スペース',
    organizationName: '株式会社さくら商店',
    summary: '週末の午後に30名まで使えます。',
  },
};

function proposal(overrides: Partial<ProposalMailInput> = {}): ProposalMailInput {
  return {
    ...frame(),
    ...introduction,
    origin: 'round',
    explanation: {
      ja: '同じ川口市内で対応できます。どちらも「子ども・若者支援」の分野です。30名まで利用でき、希望の20名に足ります。',
      en: 'Available in the same municipality (川口市). Both are in the same field: Support for children and young people. Takes up to 30 people, enough for the 20 you asked for.',
    },
    respondBy: '2026-12-07T16:00:00Z',
    acceptUrl: 'https://tsunagu.example.jp/m/01MATCH/accept?t=a',
    declineUrl: 'https://tsunagu.example.jp/m/01MATCH/decline?t=d',
    matchUrl: 'https://tsunagu.example.jp/m/01MATCH',
    ...overrides,
  };
}

function reminder(overrides: Partial<ReminderMailInput> = {}): ReminderMailInput {
  return { ...proposal(), otherAccepted: false, ...overrides };
}

function connected(overrides: Partial<ConnectedMailInput> = {}): ConnectedMailInput {
  return {
    ...frame(),
    ...introduction,
    contact: {
      organizationName: '株式会社さくら商店',
      name: '佐藤 花子',
      email: 'hanako@sakura.example.jp',
      website: 'https://sakura.example.jp/',
    },
    matchUrl: 'https://tsunagu.example.jp/m/01MATCH',
    ...overrides,
  };
}

function followUp(overrides: Partial<FollowUpMailInput> = {}): FollowUpMailInput {
  return {
    ...frame(),
    ...introduction,
    connectedAt: '2026-11-01T03:00:00Z',
    outcomeUrls: {
      formed: 'https://tsunagu.example.jp/m/01MATCH/outcome/formed?t=o',
      not_formed: 'https://tsunagu.example.jp/m/01MATCH/outcome/not_formed?t=o',
      in_progress: 'https://tsunagu.example.jp/m/01MATCH/outcome/in_progress?t=o',
    },
    ...overrides,
  };
}

function digest(overrides: Partial<DigestMailInput> = {}): DigestMailInput {
  return {
    ...frame(),
    week: { start: '2026-12-07', end: '2026-12-13', label: '2026年12月7日〜13日' },
    pendingMatches: [
      {
        own: introduction.own,
        other: introduction.other,
        respondBy: '2026-12-10T15:00:00Z',
        url: 'https://tsunagu.example.jp/m/01MATCH',
      },
    ],
    newNeeds: [
      {
        kind: 'goods',
        title: 'フードパントリーの食品',
        organizationName: 'NPO法人かわぐち',
        place: '埼玉県川口市',
        url: 'https://tsunagu.example.jp/needs/01NEED',
      },
    ],
    newOffers: [
      {
        kind: 'skills',
        title: '広報物のデザイン',
        organizationName: 'デザイン合同会社',
        place: '埼玉県さいたま市',
        url: 'https://tsunagu.example.jp/offers/01OFFER',
      },
    ],
    moreNeeds: 0,
    moreOffers: 0,
    news: [
      {
        kind: 'event',
        title: '会員交流会',
        body: '会員同士の顔合わせの場です。',
        eventDate: '2026-12-20',
        url: 'https://tsunagu.example.jp/events/1',
      },
    ],
    needsUrl: 'https://tsunagu.example.jp/needs',
    offersUrl: 'https://tsunagu.example.jp/offers',
    ...overrides,
  };
}

/** Every platform mail, built with the frame given. */
function everyMail(overrides: Partial<MailFrame> = {}): [string, Mail][] {
  const f = frame(overrides);
  return [
    ['proposal', proposalMail({ ...proposal(), ...f })],
    ['reminder', reminderMail({ ...reminder(), ...f })],
    ['connected', connectedMail({ ...connected(), ...f })],
    ['follow-up', followUpMail({ ...followUp(), ...f })],
    ['digest', digestMail({ ...digest(), ...f })],
    ...MEMBERSHIP_EVENTS.map((event): [string, Mail] => [
      `membership ${event}`,
      membershipMail({
        ...f,
        event,
        organizationName: HOSTILE_ORG,
        tier: { ja: '一般団体', en: 'General member' },
        message: '<i>よろしくお願いします</i>',
        reason: '<b>今回は見送り</b>',
        url: 'https://tsunagu.example.jp/platforms/saitama',
      }),
    ]),
  ];
}

const MEMBERSHIP_EVENTS: MembershipEvent[] = [
  'received',
  'receipt',
  'approved',
  'resumed',
  'declined',
  'suspended',
  'withdrawn',
];

/** Every mail there is: the five platform mails and the three link mails. */
function allMails(overrides: Partial<MailFrame> = {}): [string, Mail][] {
  return [
    ...everyMail(overrides),
    ['sign-in', magicLinkMail({ to: 'a@example.jp', link: 'https://tsunagu.example.jp/l?t=1', minutes: 15 })],
    [
      'invitation',
      invitationMail({
        to: 'new@example.jp',
        organizationName: 'NPO法人かわぐち',
        inviter: { email: 'owner@npo.example.jp' },
        role: ORG_ROLE_LABELS.editor,
        link: 'https://tsunagu.example.jp/invitations/accept?token=T',
        expiresAt: '2026-12-07T15:30:00Z',
      }),
    ],
    [
      'contact confirmation',
      contactVerificationMail({
        to: 'contact@npo.example.jp',
        organizationName: 'NPO法人かわぐち',
        link: 'https://tsunagu.example.jp/contact/verify?token=abc',
        days: 7,
      }),
    ],
  ];
}

const MSO_OPEN = '<!--[if mso]>';
const MSO_END = '<![endif]-->';

/** The HTML without what only Outlook reads (its conditional comments). */
function withoutOutlookOnly(html: string): string {
  return html.replace(/<!--\[if mso\]>.*?<!\[endif\]-->/gs, '');
}

/** Each start tag of an element, e.g. every `<table …>`. */
function tagsOf(html: string, name: string): string[] {
  return html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];
}

function emailsIn(content: string): string[] {
  return content.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
}

describe('mail HTML in every client (Outlook on Windows draws with Word)', () => {
  it('lays every mail out in tables, 600 px wide at most, in a fixed 600 px table only Outlook sees', () => {
    for (const [name, mail] of allMails()) {
      const html = mail.html;
      // The page: full width, a table, as the body's only block besides the hidden preheader.
      expect(html, name).toMatch(
        /<body [^>]*>(<div [^>]*>[^<]*<\/div>)?<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"[^>]*><tr><td align="center"[^>]*>/,
      );
      // The column: Outlook's fixed-width table opens right before it and closes right after it.
      const open = `${MSO_OPEN}<table role="presentation" align="center" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td width="600">${MSO_END}`;
      const close = `${MSO_OPEN}</td></tr></table>${MSO_END}`;
      expect(html.split(open), name).toHaveLength(2);
      expect(html.split(close), name).toHaveLength(2);
      const column = html.slice(html.indexOf(open) + open.length, html.indexOf(close));
      expect(column, name).toMatch(
        /^<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;margin:0 auto;[^"]*">/,
      );
      expect(column, name).toMatch(/<\/table>$/);
      expect(html.slice(html.indexOf(close) + close.length), name).toBe('</td></tr></table></body></html>');
      // Every conditional comment is closed, and no content is hidden from the other clients.
      expect(html.split(MSO_OPEN).length, name).toBe(html.split(MSO_END).length);
      expect(withoutOutlookOnly(html), name).not.toContain('<!--');
    }
  });

  it('sets no width limit on a div, and every table only lays out (role="presentation")', () => {
    for (const [name, mail] of allMails()) {
      expect(
        tagsOf(mail.html, 'div').filter((tag) => tag.includes('max-width')),
        name,
      ).toEqual([]);
      const tables = tagsOf(mail.html, 'table');
      expect(tables.length, name).toBeGreaterThanOrEqual(3);
      expect(
        tables.filter((tag) => !tag.includes('role="presentation"')),
        name,
      ).toEqual([]);
      // What draws a box (a posting, a contact) is a table cell, whose padding Outlook keeps.
      expect(
        tagsOf(mail.html, 'div').filter((tag) => /padding|border/.test(tag)),
        name,
      ).toEqual([]);
    }
  });

  it('says the language and direction, styles inline and gives Outlook its font', () => {
    for (const [name, mail] of allMails({ lang: 'en' })) {
      const lang =
        name === 'sign-in' || name === 'invitation' || name === 'contact confirmation' ? 'ja' : 'en';
      expect(mail.html, name).toContain(`<html lang="${lang}" dir="ltr">`);
      expect(withoutOutlookOnly(mail.html), name).not.toContain('<style');
      expect(mail.html, name).toContain(`${MSO_OPEN}<style>`);
    }
  });

  it('hides the preheader in every client, Outlook included', () => {
    const [, proposal] = everyMail()[0]!;
    expect(proposal.html).toMatch(
      /<body [^>]*><div style="display:none;[^"]*mso-hide:all">株式会社さくら商店とのつながりをご提案します。<\/div><table/,
    );
  });

  it('keeps user text escaped and out of the conditional comments', () => {
    const hostile = `${MSO_END}<table>${MSO_OPEN}<!-- x -->`;
    const mails = [
      proposalMail(
        proposal({ other: { ...introduction.other, organizationName: hostile, summary: hostile } }),
      ),
      connectedMail(connected({ contact: { ...connected().contact, name: hostile } })),
      digestMail(digest({ news: [{ kind: 'news', title: hostile, body: hostile }] })),
    ];
    for (const mail of mails) {
      expect(mail.html.split(MSO_OPEN)).toHaveLength(4);
      expect(mail.html).toContain('&lt;![endif]--&gt;&lt;table&gt;&lt;!--[if mso]&gt;&lt;!-- x --&gt;');
      expect(mail.text).toContain(hostile);
    }
  });
});

describe('mail templates: escaping', () => {
  it('escapes organisation names and titles in the HTML and keeps them verbatim in the text', () => {
    const other = { ...introduction.other, organizationName: HOSTILE_ORG, title: HOSTILE_TITLE };

    const mails: Mail[] = [
      proposalMail(proposal({ other })),
      reminderMail(reminder({ other, otherAccepted: true })),
      connectedMail(connected({ other, contact: { ...connected().contact, organizationName: HOSTILE_ORG } })),
      followUpMail(followUp({ other })),
      digestMail(
        digest({
          pendingMatches: [{ ...digest().pendingMatches[0]!, other }],
          newNeeds: [{ ...digest().newNeeds[0]!, organizationName: HOSTILE_ORG, title: HOSTILE_TITLE }],
        }),
      ),
    ];

    for (const mail of mails) {
      expect(mail.html).not.toContain('<script');
      expect(mail.html).not.toContain('<b>Room');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;');
      expect(mail.html).toContain('&lt;b&gt;Room&lt;/b&gt; &amp; &quot;café&quot;');
      expect(mail.text).toContain(HOSTILE_ORG);
    }
  });

  it('escapes the explanation, summary, news and the person name', () => {
    const mail = proposalMail(
      proposal({
        explanation: { ja: '<img src=x onerror=alert(1)>', en: '"><script>' },
        other: { ...introduction.other, summary: '<iframe>' },
      }),
    );
    const weekly = digestMail(
      digest({
        addressee: { name: '<u>山田</u>' },
        news: [{ kind: 'news', title: '<h1>', body: '<style>' }],
      }),
    );

    expect(mail.html).not.toMatch(/<img|<script|<iframe/);
    // Outlook's own font rule (a <style> only Outlook reads) is the layout's, not the news body.
    expect(withoutOutlookOnly(weekly.html)).not.toMatch(/<u>|<h1>|<style>/);
    expect(weekly.text).toContain('<u>山田</u> 様');
  });

  it('links a contact website only when it is a web address', () => {
    const mail = connectedMail(
      connected({ contact: { ...connected().contact, website: 'javascript:alert(1)' } }),
    );

    expect(mail.html).not.toContain('href="javascript:');
    expect(mail.text).toContain('javascript:alert(1)');
  });
});

describe('proposal mail', () => {
  it('carries both answer links and the match page, in HTML and text', () => {
    const input = proposal();

    const mail = proposalMail(input);

    for (const url of [input.acceptUrl, input.declineUrl, input.matchUrl]) {
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.text).toContain(url);
    }
    expect(mail.html).toContain('>承諾する</a>');
    expect(mail.html).toContain('>見送る</a>');
  });

  it("shows no one's email but the reader's own, and says contacts are exchanged only on double opt-in", () => {
    const input = proposal();

    const mail = proposalMail(input);

    expect(new Set(emailsIn(mail.html))).toEqual(new Set([input.to]));
    expect(new Set(emailsIn(mail.text))).toEqual(new Set([input.to]));
    expect(mail.html).not.toContain('mailto:');
    expect(mail.text).toContain('双方が承諾した場合にのみ、連絡先をお互いにお知らせします');
  });

  it('names the other side, their posting and kind, the reason and the Tokyo respond-by date', () => {
    const mail = proposalMail(proposal());

    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('株式会社さくら商店');
      expect(part).toContain('店舗2階の多目的スペース');
      expect(part).toContain('場所・居場所');
      expect(part).toContain('週末の午後に30名まで使えます。');
      expect(part).toContain(
        '同じ川口市内で対応できます。どちらも「子ども・若者支援」の分野です。30名まで利用でき、希望の20名に足ります。',
      );
      expect(part).toContain('2026年12月8日（火）');
      expect(part).not.toContain('Tue 8 Dec 2026');
    }
    const en = proposalMail(proposal({ lang: 'en' }));
    for (const part of [en.html, en.text]) {
      expect(part).toContain('Venues and places to belong');
      expect(part).toContain(
        'Available in the same municipality (川口市). Both are in the same field: Support for children and young people. Takes up to 30 people, enough for the 20 you asked for.',
      );
      expect(part).toContain('Tue 8 Dec 2026');
      expect(part).not.toContain('2026年12月8日（火）');
    }
  });

  it('puts the platform in brackets and the topic in a one-line subject', () => {
    const mail = proposalMail(proposal({ other: { ...introduction.other, title: 'こども食堂の\n会場' } }));

    expect(mail.subject).toBe(`【${PLATFORM}】新しいつながりのご提案：こども食堂の 会場 × こども食堂の会場`);
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('names both postings, so two proposals never share a subject (nor a reminder its proposal’s)', () => {
    const forTwoNeeds = [
      proposalMail(proposal({ own: { kind: 'venue', title: '土曜の学習会の会場' } })),
      proposalMail(proposal({ own: { kind: 'venue', title: '夏休みのこども食堂の会場' } })),
    ];
    const fromTwoOffers = [
      proposalMail(proposal({ other: { ...introduction.other, title: '公民館の和室' } })),
      proposalMail(proposal({ other: { ...introduction.other, title: '店舗2階の多目的スペース' } })),
    ];
    for (const [a, b] of [forTwoNeeds, fromTwoOffers]) expect(a!.subject).not.toBe(b!.subject);
    expect(forTwoNeeds[0]!.subject).toBe(
      `【${PLATFORM}】新しいつながりのご提案：店舗2階の多目的スペース × 土曜の学習会の会場`,
    );
    const long = proposalMail(
      proposal({
        own: { kind: 'venue', title: 'あ'.repeat(60) },
        other: { ...introduction.other, title: 'い'.repeat(60) },
      }),
    );
    // Each title shortened alike, so the reader still sees both.
    expect(long.subject).toContain(`${'い'.repeat(27)}… × ${'あ'.repeat(27)}…`);
  });
});

/** Sentences of the English copy: none of them may reach a Japanese reader's mail. */
const ENGLISH_COPY = [
  'Email preferences',
  'Unsubscribe',
  'This email was sent',
  'You receive this',
  'Hello,',
  'No contact details',
  'Please reply by',
  'Why we suggest this',
];
/** And none of the Japanese copy may reach an English reader's. */
const JAPANESE_COPY = [
  '配信設定の変更',
  '配信停止',
  'このメールは',
  'ご担当者さま',
  'ご提案の段階では',
  'ご回答ください',
];

// Issue 19: who started an introduction words its mail. A round proposes; an organisation that
// pressed 関心がある asks, with its message; the secretariat introduces, with its note.
describe('proposal mail by who started it', () => {
  const ASK = '子ども食堂の会場として、ぜひご相談させてください。';
  const NOTE = '先月の交流会でお話のあった件です。';
  /** The company asked (関心がある on the NPO's need): the NPO reads it. Without reasons, as when the engine would not pair them. */
  const interest = (overrides: Partial<ProposalMailInput> = {}) =>
    proposalMail(
      proposal({
        origin: 'interest',
        explanation: undefined,
        message: { from: 'offer', text: ASK },
        ...overrides,
      }),
    );
  const secretariat = (overrides: Partial<ProposalMailInput> = {}) =>
    proposalMail(
      proposal({ origin: 'secretariat', message: { from: 'secretariat', text: NOTE }, ...overrides }),
    );

  /** What comes after `heading` in the text part, up to the next blank line. */
  const under = (text: string, heading: string) => {
    const at = text.indexOf(heading);
    expect(at, `「${heading}」 in the text`).toBeGreaterThanOrEqual(0);
    return text
      .slice(at + heading.length)
      .trimStart()
      .split('\n\n')[0];
  };

  it('for an interest: asks in the subject, quotes the asker’s message under its name, and gives no reasons when there are none', () => {
    const mail = interest();

    expect(mail.subject).toBe(
      `【${PLATFORM}】つながりのお申し出：店舗2階の多目的スペース × こども食堂の会場`,
    );
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('株式会社さくら商店様からのメッセージ');
      expect(part).toContain(ASK);
      expect(part).toContain('先方はすでに承諾されています');
      expect(part).not.toContain('ご提案の理由');
      expect(part).not.toContain('事務局より');
      expect(part).not.toContain('新しいつながりのご提案');
    }
    expect(mail.html).toContain('>株式会社さくら商店様からのメッセージ</h2>');
    expect(under(mail.text, '株式会社さくら商店様からのメッセージ')).toContain(ASK);
    // Still the double opt-in: both answer links, and no contact before both accept.
    for (const url of [proposal().acceptUrl, proposal().declineUrl]) expect(mail.text).toContain(url);
    expect(mail.text).toContain('双方が承諾した場合にのみ、連絡先をお互いにお知らせします');
  });

  it('for an interest the engine would pair too: its reasons as well', () => {
    const mail = interest({
      explanation: {
        ja: '同じ川口市内で対応できます。どちらも「子ども・若者支援」の分野です。',
        en: 'Available in the same municipality (川口市). Both are in the same field: Support for children and young people.',
      },
    });

    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('ご提案の理由');
      expect(part).toContain('同じ川口市内で対応できます。どちらも「子ども・若者支援」の分野です。');
    }
  });

  it('escapes the asker’s message in the HTML and keeps it verbatim in the text', () => {
    const mail = interest({ message: { from: 'offer', text: '<b>ぜひ</b> & "よろしく"' } });

    expect(mail.html).not.toContain('<b>ぜひ</b>');
    expect(mail.html).toContain('&lt;b&gt;ぜひ&lt;/b&gt; &amp;');
    expect(mail.text).toContain('<b>ぜひ</b> & "よろしく"');
  });

  it('for the secretariat: introduces in the subject and quotes its note under 「事務局より」', () => {
    const mail = secretariat();

    expect(mail.subject).toBe(
      `【${PLATFORM}】事務局からのご紹介：店舗2階の多目的スペース × こども食堂の会場`,
    );
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('事務局より');
      expect(part).toContain(NOTE);
      expect(part).toContain(`${PLATFORM}事務局です`);
      expect(part).not.toContain('からのメッセージ');
      expect(part).not.toContain('先方はすでに承諾されています');
    }
    expect(mail.html).toContain('>事務局より</h2>');
    expect(under(mail.text, '事務局より')).toContain(NOTE);
  });

  it('for a round: the proposal as before, with its reasons and no note', () => {
    const mail = proposalMail(proposal());

    expect(mail.subject).toBe(
      `【${PLATFORM}】新しいつながりのご提案：店舗2階の多目的スペース × こども食堂の会場`,
    );
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('新しいつながりのご提案があります');
      expect(part).toContain('ご提案の理由');
      expect(part).not.toContain('からのメッセージ');
      expect(part).not.toContain('事務局より');
      expect(part).not.toContain('つながりのお申し出');
    }
  });

  it('writes each in English alone for an English reader, the note quoted as its writer wrote it', () => {
    const en = { lang: 'en' as const };
    const asked = interest(en);
    expect(asked.subject).toBe(
      `[${PLATFORM_EN}] An organisation would like to connect: 店舗2階の多目的スペース × こども食堂の会場`,
    );
    expect(under(asked.text, 'Message from 株式会社さくら商店')).toContain(ASK);
    expect(asked.text).toContain('They have accepted already');
    expect(asked.text).not.toContain('Why we suggest this');

    const introduced = secretariat(en);
    expect(introduced.subject).toBe(
      `[${PLATFORM_EN}] An introduction from the secretariat: 店舗2階の多目的スペース × こども食堂の会場`,
    );
    expect(under(introduced.text, 'From the secretariat')).toContain(NOTE);
    expect(introduced.text).toContain(`This is the secretariat of ${PLATFORM_EN}`);

    const proposed = proposalMail(proposal(en));
    expect(proposed.subject).toMatch(/^\[.+\] A new introduction is proposed: /);
    expect(proposed.text).toContain('Why we suggest this');

    for (const [name, mail] of [
      ['interest', asked],
      ['secretariat', introduced],
      ['round', proposed],
    ] as const) {
      for (const part of [mail.subject, mail.html, mail.text]) {
        for (const phrase of [
          ...JAPANESE_COPY,
          'つながりのお申し出',
          '事務局からのご紹介',
          '事務局より',
          'からのメッセージ',
          'ご提案の理由',
          PLATFORM,
        ]) {
          expect(part, `${name}: ${phrase}`).not.toContain(phrase);
        }
      }
    }
    // And the Japanese reader sees none of the English.
    for (const mail of [interest(), secretariat()]) {
      for (const part of [mail.html, mail.text]) {
        for (const phrase of [
          'Message from',
          'From the secretariat',
          'would like to connect',
          'They have accepted',
        ]) {
          expect(part).not.toContain(phrase);
        }
      }
    }
  });
});

describe("one language: the reader's", () => {
  it('writes subject, HTML and text in Japanese alone for a Japanese reader, with a switch to English', () => {
    for (const [name, mail] of everyMail({ lang: 'ja' })) {
      expect(mail.subject, name).toMatch(/^【/);
      expect(mail.subject, name).not.toMatch(/ \/ /);
      expect(mail.html, name).toContain('<html lang="ja" dir="ltr">');
      for (const part of [mail.html, mail.text]) {
        for (const phrase of ENGLISH_COPY) expect(part, `${name}: ${phrase}`).not.toContain(phrase);
      }
      // No line of the text part is an English sentence, but the one link to English.
      const englishLines = mail.text
        .split('\n')
        .filter(
          (line) => /^[A-Z][a-z]+( [a-z]+){2,}/.test(line) && !line.startsWith('Read tsunagu in English'),
        );
      expect(englishLines, name).toEqual([]);
      expect(mail.html, name).toContain(
        '<a href="https://tsunagu.example.jp/language/from-mail?token=switch" style="color:#2f6f5e" lang="en">Read tsunagu in English</a>',
      );
      expect(mail.text, name).toContain(
        'Read tsunagu in English: https://tsunagu.example.jp/language/from-mail?token=switch',
      );
    }
  });

  it('writes subject, HTML and text in English alone for an English reader, with a switch to Japanese', () => {
    for (const [name, mail] of everyMail({ lang: 'en' })) {
      expect(mail.subject, name).toMatch(/^\[Saitama Public-Private Platform\] [A-Z]/);
      expect(mail.subject, name).not.toMatch(/ \/ /);
      expect(mail.html, name).toContain('<html lang="en" dir="ltr">');
      expect(mail.text, name).toContain('Email preferences');
      for (const part of [mail.html, mail.text]) {
        for (const phrase of JAPANESE_COPY) expect(part, `${name}: ${phrase}`).not.toContain(phrase);
        expect(part, name).not.toContain(PLATFORM);
      }
      expect(mail.html, name).toContain('lang="ja">日本語で表示する</a>');
      expect(mail.text, name).toContain(
        '日本語で表示する: https://tsunagu.example.jp/language/from-mail?token=switch',
      );
    }
    const mail = proposalMail(proposal({ lang: 'en' }));
    expect(mail.subject).toMatch(/^\[.+\] A new introduction is proposed: .+$/);
    expect(mail.html).toContain('>Accept</a>');
  });

  it('writes the sign-in, invitation and contact mails in the language asked for', () => {
    const link = 'https://tsunagu.example.jp/l?t=1';
    const ja = magicLinkMail({ to: 'a@example.jp', link, minutes: 15 });
    const en = magicLinkMail({ to: 'a@example.jp', link, minutes: 15, lang: 'en' });
    expect(ja.subject).toBe('tsunagu サインイン用リンク');
    expect(ja.text).not.toMatch(/[A-Z][a-z]+ [a-z]+ [a-z]+/);
    expect(en.subject).toBe('Your tsunagu sign-in link');
    expect(en.html).toContain('<html lang="en" dir="ltr">');
    expect(en.text).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    const contact = contactVerificationMail({
      to: 'c@example.jp',
      organizationName: 'Kawaguchi NPO',
      link,
      days: 7,
      lang: 'en',
    });
    expect(contact.subject).toBe('Please confirm your contact address on tsunagu');
    expect(contact.text).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('footer', () => {
  it('names the platform, why the reader receives the mail, and links preferences and unsubscribe', () => {
    for (const [name, mail] of everyMail()) {
      for (const part of [mail.html, mail.text]) {
        expect(part, name).toContain(PLATFORM);
        expect(part, name).toMatch(/このメールは、.+お送りしています。/);
        expect(part, name).toContain('staff@npo.example.jp');
        expect(part, name).toContain('配信設定の変更');
        expect(part, name).toContain('https://tsunagu.example.jp/saitama/preferences?t=pref');
        expect(part, name).toContain('配信停止');
        expect(part, name).toContain('https://tsunagu.example.jp/saitama/unsubscribe?t=unsub');
      }
    }
  });

  it('gives an introduction the contact reason and a digest the subscription reason', () => {
    expect(proposalMail(proposal()).text).toContain(
      `このメールは、${PLATFORM}の会員団体の連絡先として登録されている staff@npo.example.jp 宛にお送りしています。`,
    );
    expect(digestMail(digest()).text).toContain(
      `${PLATFORM}の会員として週1回のお知らせの配信を希望されている方`,
    );
  });

  it('tells an owner why an introduction comes to them while the contact address is unconfirmed', () => {
    const mail = proposalMail({ ...proposal(), ownerOf: 'NPO法人 ひだまり' });

    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(
        'このメールは、NPO法人 ひだまりの連絡先メールアドレスがまだ確認されていないため、団体の管理者である staff@npo.example.jp 宛にお送りしています',
      );
      expect(part).not.toContain('会員団体の連絡先として登録されている');
    }
    const en = proposalMail({ ...proposal({ lang: 'en' }), ownerOf: 'NPO法人 ひだまり' });
    expect(en.text).toContain('an owner of NPO法人 ひだまり');
  });

  it('has no unsubscribe link when none is given', () => {
    for (const [name, mail] of everyMail({ unsubscribeUrl: undefined })) {
      expect(mail.html, name).not.toContain('配信停止');
      expect(mail.text, name).not.toContain('配信停止');
      expect(mail.text, name).not.toContain('unsubscribe');
      expect(mail.text, name).toContain('配信設定の変更');
    }
  });
});

describe('reminder mail', () => {
  it('says when the proposal expires and keeps the answer links', () => {
    const input = reminder();

    const mail = reminderMail(input);

    expect(mail.text).toContain('このご提案は2026年12月8日（火）に期限を迎えます。');
    expect(reminderMail(reminder({ lang: 'en' })).text).toContain('The proposal expires on Tue 8 Dec 2026.');
    expect(mail.html).toContain(`href="${input.acceptUrl}"`);
    expect(mail.html).toContain(`href="${input.declineUrl}"`);
  });

  it('says the other side accepted only when it did', () => {
    const accepted = reminderMail(reminder({ otherAccepted: true }));
    const waiting = reminderMail(reminder({ otherAccepted: false }));

    expect(accepted.text).toContain('お相手の株式会社さくら商店は、すでにこのご提案を承諾されています。');
    expect(waiting.text).not.toContain('すでにこのご提案を承諾');
    expect(reminderMail(reminder({ otherAccepted: true, lang: 'en' })).text).toContain(
      'has already accepted',
    );
    expect(reminderMail(reminder({ otherAccepted: false, lang: 'en' })).html).not.toContain(
      'has already accepted',
    );
  });
});

describe('connected mail', () => {
  it("shows the other side's contact person, email as a mail link, and website", () => {
    const mail = connectedMail(connected());

    expect(mail.html).toContain('佐藤 花子');
    expect(mail.html).toContain('href="mailto:hanako@sakura.example.jp"');
    expect(mail.html).toContain('href="https://sakura.example.jp/"');
    expect(mail.text).toContain('hanako@sakura.example.jp');
    expect(mail.text).toContain('https://sakura.example.jp/');
    expect(mail.subject).toContain('つながりが成立しました');
  });

  it('leaves the website out when there is none', () => {
    const mail = connectedMail(connected({ contact: { ...connected().contact, website: undefined } }));

    expect(mail.text).not.toContain('ウェブサイト');
    expect(mail.html).not.toContain('ウェブサイト');
  });
});

describe('follow-up mail', () => {
  it('offers the three outcomes, each with its own link', () => {
    const input = followUp();

    const mail = followUpMail(input);

    for (const url of Object.values(input.outcomeUrls)) {
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.text).toContain(url);
    }
    for (const label of ['連携が成立した', '連携は成立しなかった', '進行中']) {
      expect(mail.html).toContain(label);
      expect(mail.text).toContain(label);
    }
    expect(mail.text).toContain('事務局');
    expect(mail.text).toContain('2026年11月1日（日）');
  });
});

describe('digest mail', () => {
  it("greets the person by name, or the person in charge when there is none, in the reader's language", () => {
    expect(digestMail(digest({ addressee: { name: '山田' } })).text).toMatch(/^山田 様\n\n/);
    expect(digestMail(digest({ addressee: { organizationName: 'みらいマート' } })).text).toMatch(
      /^みらいマート ご担当者様\n\n/,
    );
    expect(digestMail(digest({ addressee: { name: '山田' }, lang: 'en' })).text).toMatch(/^Dear 山田,\n\n/);
  });

  it('lists every section that has items, with the week and the event date', () => {
    const mail = digestMail(digest());

    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('2026年12月7日〜13日');
      expect(part).toContain('ご回答をお待ちしているご提案');
      expect(part).toContain('新しいニーズ');
      expect(part).toContain('フードパントリーの食品');
      expect(part).toContain('新しい支援の申し出');
      expect(part).toContain('広報物のデザイン');
      expect(part).toContain('事務局からのお知らせ・イベント');
      expect(part).toContain('2026年12月20日（日）');
    }
    expect(mail.subject).toBe(`【${PLATFORM}】今週のお知らせ：2026年12月7日〜13日`);
  });

  it('omits the sections that are empty', () => {
    const mail = digestMail(digest({ pendingMatches: [], newOffers: [], news: [] }));

    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('新しいニーズ');
      expect(part).not.toContain('ご回答をお待ちしているご提案');
      expect(part).not.toContain('新しい支援の申し出');
      expect(part).not.toContain('事務局からのお知らせ');
    }
  });

  it('says how many more needs and offers there are, linking to the full lists', () => {
    const input = digest({ moreNeeds: 12, moreOffers: 0 });

    const mail = digestMail(input);

    expect(mail.html).toContain('ほか 12 件');
    expect(mail.html).toContain(`href="${input.needsUrl}"`);
    expect(mail.text).toContain(`ほか 12 件: ${input.needsUrl}`);
    expect(mail.text.match(/ほか \d+ 件/g)).toEqual(['ほか 12 件']);
  });

  it('shares style strings instead of repeating a long one per item', () => {
    const need = digest().newNeeds[0]!;
    const many = Array.from({ length: 51 }, () => need);

    const one = digestMail(digest({ newNeeds: [need] }));
    const fiftyOne = digestMail(digest({ newNeeds: many }));

    const perItem = (fiftyOne.html.length - one.html.length) / 50;
    expect(perItem).toBeLessThan(300);
  });
});

describe('Tokyo dates', () => {
  it('formats an instant as its date in Tokyo', () => {
    expect(tokyoDate('2026-12-07T16:00:00Z', 'ja')).toBe('2026年12月8日（火）');
    expect(tokyoDate('2026-12-07T16:00:00Z', 'en')).toBe('Tue 8 Dec 2026');
    expect(tokyoDate('2026-12-07T14:59:59Z', 'ja')).toBe('2026年12月7日（月）');
  });

  it('takes a bare date as a Tokyo calendar date', () => {
    expect(tokyoDate('2026-12-08', 'ja')).toBe('2026年12月8日（火）');
    expect(tokyoDate('2026-01-01', 'en')).toBe('Thu 1 Jan 2026');
  });

  it('refuses what is not a date', () => {
    expect(() => tokyoDate('next Tuesday', 'ja')).toThrow(RangeError);
  });
});

describe('sign-in mail', () => {
  it('still renders with the service name and Japanese page language', () => {
    const mail = magicLinkMail({ to: 'a@example.jp', link: 'https://tsunagu.example.jp/l?t=1', minutes: 15 });

    expect(mail.html).toMatch(/^<!doctype html><html lang="ja" dir="ltr">/);
    expect(mail.html).toContain('tsunagu つなぐ');
    expect(mail.html).toContain('href="https://tsunagu.example.jp/l?t=1"');
  });
});

describe('invitation mail', () => {
  const mail = invitationMail({
    to: 'new@example.jp',
    organizationName: HOSTILE_ORG,
    inviter: { email: 'owner@npo.example.jp', name: '川口 花子' },
    role: ORG_ROLE_LABELS.editor,
    link: 'https://tsunagu.example.jp/invitations/accept?token=T',
    expiresAt: '2026-12-07T15:30:00Z',
  });

  it('says who invites to what with which role, until when (Japan time), and that ignoring it is fine', () => {
    expect(mail.subject).toBe(`【tsunagu】「${HOSTILE_ORG}」へのご招待`);
    for (const part of [
      'ご担当者様',
      '川口 花子 様（owner@npo.example.jp）から',
      '役割：編集者',
      '2026年12月8日（火） 00:30 まで、一度だけ使えます',
      'このメールを破棄してください',
      'https://tsunagu.example.jp/invitations/accept?token=T',
    ])
      expect(mail.text).toContain(part);
    expect(mail.text).not.toContain('Editor');
    const en = invitationMail({
      to: 'new@example.jp',
      organizationName: 'Kawaguchi NPO',
      inviter: { email: 'owner@npo.example.jp', name: 'Hanako' },
      role: ORG_ROLE_LABELS.editor,
      link: 'https://tsunagu.example.jp/invitations/accept?token=T',
      expiresAt: '2026-12-07T15:30:00Z',
      lang: 'en',
    });
    expect(en.subject).toBe('[tsunagu] Invitation to join Kawaguchi NPO');
    for (const part of ['Role: Editor', '00:30 on Tue 8 Dec 2026 (Japan time)', 'ignore this email'])
      expect(en.text).toContain(part);
    expect(en.text).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('escapes the organisation name in the HTML', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('href="https://tsunagu.example.jp/invitations/accept?token=T"');
  });
});

describe('how every mail addresses its reader', () => {
  const cases = [
    [
      { organizationName: 'NPO法人 かわぐち子ども食堂', name: '田中 恵' },
      'NPO法人 かわぐち子ども食堂 田中 恵 様',
      'Dear 田中 恵,',
    ],
    [{ name: '田中 恵' }, '田中 恵 様', 'Dear 田中 恵,'],
    [
      { organizationName: '株式会社 みらいマート' },
      '株式会社 みらいマート ご担当者様',
      'Dear 株式会社 みらいマート,',
    ],
    [{}, 'ご担当者様', 'Hello,'],
  ] as const;

  it.each(cases)(
    "platform mails greet %o as the salutation rule says, in the reader's language",
    (addressee, ja, en) => {
      for (const lang of ['ja', 'en'] as const) {
        for (const [kind, mail] of everyMail({ addressee, lang })) {
          const [first, other] = lang === 'ja' ? [ja, en] : [en, ja];
          expect(mail.text.startsWith(`${first}\n\n`), `${kind} (${lang}): ${mail.text.slice(0, 80)}`).toBe(
            true,
          );
          expect(mail.text, kind).not.toContain(other);
          expect(mail.html, kind).toContain(`>${first}</p>`);
          expect(mail.text, kind).not.toMatch(/ご担当者さま|さんから|会員の皆さま/);
        }
      }
    },
  );

  it('the link mails greet by the same rule: the contact by name, sign-in and invitation by the fallback', () => {
    const confirmation = contactVerificationMail({
      to: 'contact@npo.example.jp',
      organizationName: 'NPO法人かわぐち',
      contactName: '川口 花子',
      link: 'https://tsunagu.example.jp/contact/verify?token=abc',
      days: 7,
    });
    expect(confirmation.text).toMatch(/^NPO法人かわぐち 川口 花子 様\n/);
    expect(confirmation.text).not.toContain('Dear');
    const english = contactVerificationMail({
      to: 'contact@npo.example.jp',
      organizationName: 'NPO法人かわぐち',
      contactName: '川口 花子',
      link: 'https://tsunagu.example.jp/contact/verify?token=abc',
      days: 7,
      lang: 'en',
    });
    expect(english.text).toMatch(/^Dear 川口 花子,\n/);
    for (const [kind, mail] of allMails().slice(-3, -1)) {
      expect(mail.text, kind).toMatch(/^ご担当者様\n/);
      expect(mail.text, kind).not.toContain('Hello,');
    }
  });

  it('the partner contact in the connected mail is 氏名 様, or ご担当者様 without a name', () => {
    const named = connectedMail(connected());
    expect(named.text).toContain(`ご担当者: ${connected().contact.name} 様`);
    const nameless = connectedMail(connected({ contact: { ...connected().contact, name: undefined } }));
    expect(nameless.text).toContain('ご担当者: ご担当者様');
  });
});

describe('contact confirmation mail', () => {
  it('names the organisation (escaped), the link and how long it works, and nothing else is asked', () => {
    const mail = contactVerificationMail({
      to: 'contact@npo.example.jp',
      organizationName: HOSTILE_ORG,
      link: 'https://tsunagu.example.jp/contact/verify?token=abc',
      days: 7,
    });

    expect(mail.to).toBe('contact@npo.example.jp');
    expect(mail.subject).toContain('連絡先メールアドレスの確認');
    expect(mail.text).toContain(`「${HOSTILE_ORG}」の連絡先として登録されました`);
    expect(mail.text).toContain('7日以内');
    expect(mail.text).toContain('https://tsunagu.example.jp/contact/verify?token=abc');
    expect(mail.html).toContain('href="https://tsunagu.example.jp/contact/verify?token=abc"');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail).not.toHaveProperty('fromName');
  });

  it('comes from the secretariat that registered a group by hand, and says whom to ask', () => {
    const platform = {
      name: 'かわぐち つながりプラットフォーム',
      contact: { name: '川口市 福祉総務課', email: 'tsunagari@city.example.jp', phone: '048-000-0000' },
    };
    for (const lang of ['ja', 'en'] as const) {
      const mail = contactVerificationMail({
        to: 'salon@example.jp',
        organizationName: 'ひだまりサロン',
        contactName: '高橋 一郎',
        link: 'https://tsunagu.example.jp/contact/verify?token=abc',
        days: 7,
        lang,
        registeredBy: { platform },
      });
      expect(mail).toMatchObject({ fromName: expect.any(String), replyTo: ['tsunagari@city.example.jp'] });
      expect(mail.text).toContain('048-000-0000');
      expect(mail.html).toContain('048-000-0000');
      if (lang === 'ja') {
        expect(mail.fromName).toBe('川口市 福祉総務課');
        expect(mail.subject).toBe('【かわぐち つながりプラットフォーム】会員団体の連絡先の確認のお願い');
        expect(mail.text).toContain('下記の事務局までご連絡ください');
        expect(mail.text).not.toContain('ご利用いただきありがとうございます');
        expect(mail.text).not.toContain('管理者の方にお送りします');
      } else {
        expect(mail.subject).toBe('[かわぐち つながりプラットフォーム] Please confirm your contact address');
        expect(mail.text).toContain('please contact the secretariat below');
        expect(mail.text).not.toContain('ありがとう');
      }
    }
  });
});

describe('the terms and the privacy notice at the foot of every mail', () => {
  it('links both, in the reader’s language, in the HTML and the text of each of the eight mails', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const [name, mail] of allMails({
        lang,
        preferencesUrl: 'https://app.tsunagu.example.jp/preferences',
      })) {
        const origin =
          name.startsWith('sign-in') || name === 'invitation' || name === 'contact confirmation'
            ? 'https://tsunagu.example.jp'
            : 'https://app.tsunagu.example.jp';
        for (const path of ['/terms', '/privacy']) {
          expect(mail.html, `${name} (${lang})`).toContain(`href="${origin}${path}"`);
          expect(mail.text, `${name} (${lang})`).toContain(`${origin}${path}`);
        }
        // The link mails here are written in Japanese (their default); the platform mails in `lang`.
        const read = origin === 'https://tsunagu.example.jp' ? 'ja' : lang;
        expect(mail.text).toContain(read === 'ja' ? 'プライバシーポリシー' : 'Privacy notice');
        expect(mail.text).not.toContain(read === 'ja' ? 'Privacy notice' : 'プライバシーポリシー');
      }
    }
  });
});
