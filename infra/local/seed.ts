import { bootstrapPlatform } from '#admin';
import type { AppContext } from '#context';
import {
  contactVerificationAfter,
  type Membership,
  membershipSchema,
  type Need,
  needCreateSchema,
  newPerson,
  type Offer,
  type Organization,
  type OrgRole,
  offerCreateSchema,
  organizationInputSchema,
  type Person,
  type PlatformInput,
  parse,
  platformCovers,
  platformInputSchema,
} from '#domain';

// Demo data for `npm start`: two platforms (埼玉県 and 川口市 inside it), their secretariats,
// member organisations of both sides, and the needs and offers such platforms describe.
// All organisations, people and postings are fictional; every email is under example.jp.
// Everything goes through the domain schemas, so the demo can never hold data the API would refuse.

/** Addresses to sign in with (magic link → mail viewer); printed by `npm start`. */
export const DEMO_LOGINS = {
  saitamaSecretariat: 'jimukyoku@saitama.example.jp',
  kawaguchiSecretariat: 'jimukyoku@kawaguchi.example.jp',
  npo: 'tanaka@kodomo-kawaguchi.example.jp',
  company: 'kato@miraimart.example.jp',
  pendingMember: 'kimura@cafe-komorebi.example.jp',
} as const;

/** The platform whose existence means "already seeded"; it is written last. */
const MARKER_PLATFORM = 'saitama';

type PlatformId = 'saitama' | 'kawaguchi';

const PLATFORMS: { input: PlatformInput; secretariat: { email: string; name: string } }[] = [
  {
    input: {
      id: 'kawaguchi',
      name: '川口市つながりサポートプラットフォーム',
      nameEn: 'Kawaguchi City Tsunagari Support Platform',
      level: 'municipality',
      scope: { prefectures: [], municipalities: ['11203'] },
      tiers: [
        { id: 'core', ja: '幹事団体', en: 'Steering member' },
        { id: 'general', ja: '一般団体', en: 'General member' },
      ],
      digest: { weekday: 1, hour: 8 },
    },
    secretariat: { email: DEMO_LOGINS.kawaguchiSecretariat, name: '川口市 つながりサポート事務局' },
  },
  {
    input: {
      id: 'saitama',
      name: '埼玉県孤独・孤立対策官民連携プラットフォーム',
      nameEn: 'Saitama Prefecture Public-Private Partnership Platform on Loneliness and Isolation',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
      digest: { weekday: 1, hour: 8 },
    },
    secretariat: { email: DEMO_LOGINS.saitamaSecretariat, name: '埼玉県 官民連携プラットフォーム事務局' },
  },
];

interface DemoPerson {
  email: string;
  name: string;
  role: OrgRole;
}

interface DemoMembership {
  platform: PlatformId;
  tier: string;
  status: 'approved' | 'pending';
  message?: string;
}

interface DemoPosting {
  platform: PlatformId;
  /** The posting's content without organizationId; validated with the create schema. */
  content: Record<string, unknown>;
}

interface DemoOrganization {
  /** Validated with organizationInputSchema; the contact is the first person. */
  profile: Record<string, unknown>;
  /** The first person owns the organisation and is its contact person. */
  people: [DemoPerson, ...DemoPerson[]];
  memberships: DemoMembership[];
  needs?: DemoPosting[];
  offers?: DemoPosting[];
}

const KAWAGUCHI = { prefecture: '11', municipality: '11203' };

/** The demo organisations; `day(n)` is the date n days from today in Asia/Tokyo. */
function demoOrganizations(day: (offset: number) => string): DemoOrganization[] {
  const thisYear = { start: day(-14), end: day(351) };
  return [
    {
      profile: {
        name: 'NPO法人 かわぐち子ども食堂ネットワーク',
        nameKana: 'かわぐちこどもしょくどうねっとわーく',
        legalForm: 'npo_corporation',
        location: KAWAGUCHI,
        description:
          '市内6か所のこども食堂をつなぎ、子どもも大人も気軽に立ち寄れる居場所づくりをしています。',
        website: 'https://kodomo-kawaguchi.example.jp',
        directoryListed: true,
      },
      people: [
        { email: DEMO_LOGINS.npo, name: '田中 恵', role: 'owner' },
        { email: 'suzuki@kodomo-kawaguchi.example.jp', name: '鈴木 翔太', role: 'editor' },
      ],
      memberships: [
        { platform: 'saitama', tier: 'member', status: 'approved' },
        { platform: 'kawaguchi', tier: 'core', status: 'approved' },
      ],
      needs: [
        {
          platform: 'kawaguchi',
          content: {
            kind: 'venue',
            title: 'こども食堂の会場を探しています（川口市内・月2回）',
            description:
              '芝地区で新しいこども食堂を始めます。土曜日のお昼に、30人ほどが集まれて調理ができる場所をお借りできないでしょうか。',
            fields: ['children_youth', 'food_support'],
            targetGroups: ['children', 'parents', 'single_parents'],
            location: KAWAGUCHI,
            capacity: { people: 30, sessionsPerMonth: 2 },
            period: { start: day(14), end: day(379) },
          },
        },
        {
          platform: 'saitama',
          content: {
            kind: 'volunteers',
            title: '調理と学習支援のボランティアを募集しています',
            description:
              '毎週水曜日の夕方、調理のお手伝いと、食後の宿題サポートをしてくださる方を探しています。企業の社会貢献活動としての参加も歓迎です。',
            fields: ['children_youth', 'food_support'],
            targetGroups: ['children', 'students'],
            location: KAWAGUCHI,
            capacity: { people: 6, hoursPerMonth: 40 },
            period: thisYear,
          },
        },
      ],
    },
    {
      profile: {
        name: '社会福祉法人 川口市社会福祉協議会',
        legalForm: 'social_welfare_council',
        location: KAWAGUCHI,
        description:
          '地域の支え合いを広げるため、ふれあいサロンや見守り活動、ボランティアの育成を行っています。',
        directoryListed: true,
      },
      people: [
        { email: 'takahashi@kawaguchi-shakyo.example.jp', name: '高橋 由美', role: 'owner' },
        { email: 'ito@kawaguchi-shakyo.example.jp', name: '伊藤 健', role: 'editor' },
      ],
      memberships: [
        { platform: 'saitama', tier: 'member', status: 'approved' },
        { platform: 'kawaguchi', tier: 'core', status: 'approved' },
      ],
      needs: [
        {
          platform: 'saitama',
          content: {
            kind: 'funding',
            title: '傾聴・つながりサポーター（相談員）養成講座の開催費用',
            description:
              '身近な人の悩みに気づき、話を聴き、必要な窓口へつなぐサポーターを養成します。全6回の講座の講師謝金・会場費・教材費を支えていただける助成や寄付を探しています。',
            fields: ['mental_health', 'community_development'],
            targetGroups: ['everyone', 'people_living_alone'],
            location: KAWAGUCHI,
            capacity: { amountJpy: 800_000, minAmountJpy: 300_000 },
            period: { start: day(0), end: day(180) },
          },
        },
        {
          platform: 'kawaguchi',
          content: {
            kind: 'volunteers',
            title: 'ふれあいサロンの運営ボランティア',
            description:
              '地域の集会所で月2回開くサロン（お茶会・体操・おしゃべり）の準備や受付を手伝ってくださる方を募集しています。',
            fields: ['elderly', 'community_development'],
            targetGroups: ['elderly', 'people_living_alone'],
            location: KAWAGUCHI,
            capacity: { people: 5 },
            period: thisYear,
          },
        },
      ],
    },
    {
      profile: {
        name: 'ひきこもり家族会 ひだまりの会',
        legalForm: 'unincorporated_group',
        location: { prefecture: '11', municipality: '11107' },
        description: 'ひきこもりの状態にある方のご家族が、月1回集まって語り合い、学び合う会です。',
      },
      people: [{ email: 'watanabe@hidamari-kazokukai.example.jp', name: '渡辺 和子', role: 'owner' }],
      memberships: [{ platform: 'saitama', tier: 'member', status: 'approved' }],
      needs: [
        {
          platform: 'saitama',
          content: {
            kind: 'employment',
            title: '若者の就労体験を受け入れてくださる職場を探しています',
            description:
              'ひきこもりの経験がある20〜30代の方が、短い時間から安心して働く体験ができる職場を探しています。週1〜2日・1日2〜3時間程度から、家族会の支援員が同行します。',
            fields: ['hikikomori', 'children_youth'],
            targetGroups: ['youth', 'job_seekers'],
            location: { prefecture: '11', municipality: '11107' },
            capacity: { positions: 3 },
            period: thisYear,
          },
        },
      ],
    },
    {
      profile: {
        name: 'NPO法人 フードバンクこしがや',
        legalForm: 'npo_corporation',
        location: { prefecture: '11', municipality: '11222' },
        description: '企業や家庭から寄せられた食品を、子ども食堂や生活に困りごとのある世帯へ届けています。',
        website: 'https://foodbank-koshigaya.example.jp',
        directoryListed: true,
      },
      people: [
        { email: 'yamamoto@foodbank-koshigaya.example.jp', name: '山本 大輔', role: 'owner' },
        { email: 'nakamura@foodbank-koshigaya.example.jp', name: '中村 彩', role: 'editor' },
      ],
      memberships: [{ platform: 'saitama', tier: 'member', status: 'approved' }],
      needs: [
        {
          platform: 'saitama',
          content: {
            kind: 'goods',
            title: '食品のご寄付をお願いします（お米・缶詰・レトルト食品）',
            description:
              '夏休みは給食がなく、食の支援を求める子育て世帯が増えます。賞味期限まで1か月以上ある常温保存の食品をお願いします。',
            fields: ['food_support', 'child_rearing'],
            targetGroups: ['parents', 'single_parents'],
            location: { prefecture: '11', municipality: '11222' },
            capacity: { quantity: 500, unit: 'kg' },
            period: { start: day(0), end: day(90) },
          },
        },
      ],
    },
    {
      profile: {
        name: '一般社団法人 ヤングケアラーサポートさいたま',
        legalForm: 'general_association',
        location: { prefecture: '11', municipality: '11105' },
        description:
          '家族のケアを担う子ども・若者が、ひとりで抱え込まずに話せる場とオンライン相談を運営しています。',
      },
      people: [{ email: 'kobayashi@youngcarer-saitama.example.jp', name: '小林 葵', role: 'owner' }],
      memberships: [{ platform: 'saitama', tier: 'member', status: 'approved' }],
      needs: [
        {
          platform: 'saitama',
          content: {
            kind: 'publicity',
            title: '相談窓口のポスター掲示にご協力ください（薬局・お店・駅など）',
            description:
              'ヤングケアラー本人や周りの大人に、相談できる場所があることを知ってもらいたいと考えています。A3ポスターとカードをお届けします。',
            fields: ['young_carers', 'children_youth'],
            targetGroups: ['children', 'youth', 'carers'],
            location: { prefecture: '11' },
            onlineOk: true,
            capacity: { reach: 20_000 },
            period: thisYear,
          },
        },
      ],
    },
    {
      profile: {
        name: '株式会社 みらいマート',
        legalForm: 'company',
        location: KAWAGUCHI,
        description: '川口市・蕨市・戸田市で食品スーパー8店舗を営んでいます。',
        website: 'https://miraimart.example.jp',
        directoryListed: true,
      },
      people: [
        { email: DEMO_LOGINS.company, name: '加藤 誠', role: 'owner' },
        { email: 'yoshida@miraimart.example.jp', name: '吉田 真理', role: 'editor' },
      ],
      memberships: [
        { platform: 'saitama', tier: 'cooperating', status: 'approved' },
        { platform: 'kawaguchi', tier: 'general', status: 'approved' },
      ],
      offers: [
        {
          platform: 'saitama',
          content: {
            kind: 'goods',
            title: '賞味期限前の食品をご提供します',
            description: '店舗で販売期限を迎えた、賞味期限前の食品（お米・缶詰・お菓子など）をお渡しします。',
            fields: ['food_support', 'poverty', 'children_youth'],
            serviceArea: { municipalities: ['11203', '11223', '11224'] },
            capacity: { quantity: 300, unit: 'kg' },
            introductionsPerRound: 2,
            conditions: '月1回、川口本店まで引き取りに来ていただける団体',
            period: { start: day(-30) },
          },
        },
        {
          platform: 'kawaguchi',
          content: {
            kind: 'venue',
            title: '店舗2階のコミュニティスペースを無償でお貸しします',
            description:
              '川口本店2階（40席・簡易キッチン付き）を、地域の居場所づくりの活動にお使いいただけます。',
            fields: ['children_youth', 'elderly', 'community_development'],
            serviceArea: { municipalities: ['11203'] },
            capacity: { people: 40, sessionsPerMonth: 4 },
            introductionsPerRound: 2,
            conditions: '土日の10時〜16時。火気は使えません（IH調理器あり）。',
            period: { start: day(-30) },
          },
        },
        {
          platform: 'kawaguchi',
          content: {
            kind: 'volunteers',
            title: '従業員がボランティアとして参加します',
            description: '社会貢献活動として、従業員が地域の行事やサロンの運営をお手伝いします。',
            fields: 'any',
            serviceArea: { municipalities: ['11203'] },
            capacity: { people: 4, hoursPerMonth: 16 },
            introductionsPerRound: 1,
            period: thisYear,
          },
        },
      ],
    },
    {
      profile: {
        name: 'けやき信用金庫',
        legalForm: 'financial_institution',
        location: { prefecture: '11', municipality: '11107' },
        description: '県内32店舗。地域のつながりづくりを応援する助成制度を設けています。',
        website: 'https://keyaki-shinkin.example.jp',
        directoryListed: true,
      },
      people: [{ email: 'yamada@keyaki-shinkin.example.jp', name: '山田 直樹', role: 'owner' }],
      memberships: [{ platform: 'saitama', tier: 'supporting', status: 'approved' }],
      offers: [
        {
          platform: 'saitama',
          content: {
            kind: 'funding',
            title: '地域のつながりづくり応援助成（1団体あたり上限50万円）',
            description: '居場所づくり・見守り・担い手の育成など、地域のつながりを生む活動を助成します。',
            fields: ['community_development', 'children_youth', 'elderly', 'mental_health'],
            serviceArea: { prefectures: ['11'] },
            capacity: { amountJpy: 500_000 },
            introductionsPerRound: 5,
            conditions: '県内で1年以上活動している団体。法人格の有無は問いません。',
            period: { start: day(-7), end: day(120) },
          },
        },
        {
          platform: 'saitama',
          content: {
            kind: 'publicity',
            title: '支店ロビーでポスター・チラシを掲示します',
            description: '県内32店舗のロビーと、地域情報誌（毎月1万部）で活動を紹介します。',
            fields: 'any',
            serviceArea: { prefectures: ['11'] },
            capacity: { reach: 50_000 },
            introductionsPerRound: 5,
            period: { start: day(-60) },
          },
        },
      ],
    },
    {
      profile: {
        name: 'さきたま商工会議所',
        legalForm: 'chamber_of_commerce',
        location: { prefecture: '11', municipality: '11103' },
        description: '会員企業とともに、地域の若者や子育て世代が働きやすいまちづくりに取り組んでいます。',
      },
      people: [{ email: 'sasaki@sakitama-cci.example.jp', name: '佐々木 隆', role: 'owner' }],
      memberships: [
        { platform: 'saitama', tier: 'cooperating', status: 'approved' },
        {
          platform: 'kawaguchi',
          tier: 'general',
          status: 'pending',
          message: '川口市内の会員企業と、地域の団体とのつながりづくりに協力したいと考えています。',
        },
      ],
      offers: [
        {
          platform: 'saitama',
          content: {
            kind: 'employment',
            title: '会員企業での職場体験を受け入れます（軽作業・事務補助・販売）',
            description:
              '趣旨に賛同する会員企業5社が、短時間からの職場体験を受け入れます。体験後の就職相談もお手伝いします。',
            fields: ['hikikomori', 'children_youth', 'disability'],
            serviceArea: { prefectures: ['11'] },
            capacity: { positions: 5 },
            introductionsPerRound: 3,
            conditions: '平日の日中。支援者の方の同行を歓迎します。',
            period: thisYear,
          },
        },
      ],
    },
    {
      profile: {
        name: '株式会社 つなぎテック',
        legalForm: 'company',
        location: { prefecture: '11', municipality: '11103' },
        description: 'ウェブ制作とITサポートの会社です。社員のプロボノ活動を応援しています。',
        website: 'https://tsunagi-tech.example.jp',
      },
      people: [
        { email: 'matsumoto@tsunagi-tech.example.jp', name: '松本 拓也', role: 'owner' },
        { email: 'inoue@tsunagi-tech.example.jp', name: '井上 さくら', role: 'viewer' },
      ],
      memberships: [{ platform: 'saitama', tier: 'cooperating', status: 'approved' }],
      offers: [
        {
          platform: 'saitama',
          content: {
            kind: 'skills',
            title: 'ホームページ・SNS発信をプロボノでお手伝いします',
            description:
              '団体のホームページづくり、SNSでの発信、オンライン相談の仕組みづくりを、社員がプロボノで支援します。',
            fields: 'any',
            serviceArea: { prefectures: ['11'], online: true },
            capacity: { people: 2, hoursPerMonth: 20 },
            introductionsPerRound: 2,
            period: thisYear,
          },
        },
      ],
    },
    {
      profile: {
        name: 'カフェ こもれび',
        legalForm: 'sole_proprietor',
        location: KAWAGUCHI,
        description: '川口駅近くの小さなカフェです。誰でもふらっと立ち寄れる場所でありたいと思っています。',
      },
      people: [{ email: DEMO_LOGINS.pendingMember, name: '木村 陽子', role: 'owner' }],
      memberships: [
        {
          platform: 'saitama',
          tier: 'cooperating',
          status: 'pending',
          message: '定休日の店内を、県内の団体の居場所づくりにも使っていただけたらと思います。',
        },
        { platform: 'kawaguchi', tier: 'general', status: 'approved' },
      ],
      offers: [
        {
          platform: 'kawaguchi',
          content: {
            kind: 'venue',
            title: '定休日（月曜）の店内を居場所づくりにお使いください',
            description:
              '12席の小さな店内ですが、おしゃべり会や読書会などにお使いいただけます。飲み物はご用意します。',
            fields: ['community_development', 'mental_health', 'elderly'],
            serviceArea: { municipalities: ['11203'] },
            capacity: { people: 12, sessionsPerMonth: 4 },
            introductionsPerRound: 1,
            period: { start: day(0) },
          },
        },
      ],
    },
    {
      profile: {
        name: 'NPO法人 多文化ひろば川越',
        legalForm: 'npo_corporation',
        location: { prefecture: '11', municipality: '11201' },
        description: '外国にルーツのある家族の日本語学習と、地域の人との交流の場をつくっています。',
      },
      people: [{ email: 'hayashi@tabunka-kawagoe.example.jp', name: '林 マリア', role: 'owner' }],
      memberships: [
        {
          platform: 'saitama',
          tier: 'member',
          status: 'pending',
          message: '外国にルーツのある方の孤立を防ぐ活動で、県内の企業・団体とつながりたいと考えています。',
        },
      ],
    },
  ];
}

/** Today + offset days as YYYY-MM-DD in Asia/Tokyo (UTC+9, no daylight saving). */
function tokyoDay(now: Date, offset: number): string {
  return new Date(now.getTime() + 9 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Seeds the demo once: when the marker platform exists it does nothing. Every step looks for
 * what an interrupted earlier run may have left (people by email, organisations through their
 * owner, postings by title), so a rerun after a crash completes the data without duplicates.
 */
export async function seedDemo(ctx: AppContext): Promise<{ seeded: boolean; summary: string }> {
  if (await ctx.store.platforms.get(MARKER_PLATFORM)) {
    return {
      seeded: false,
      summary: `platform "${MARKER_PLATFORM}" already exists (to start afresh, stop and delete the data dir, .local/ by default)`,
    };
  }
  const now = ctx.now();
  const stamp = now.toISOString();
  const platforms = new Map(PLATFORMS.map((p) => [p.input.id, parse(platformInputSchema, p.input)]));
  const orgs = demoOrganizations((offset) => tokyoDay(now, offset));

  const decidedBy = new Map<string, string>();
  for (const { input, secretariat } of PLATFORMS) {
    decidedBy.set(input.id, (await person(ctx, secretariat, stamp)).id);
  }

  let people = 0;
  let needs = 0;
  let offers = 0;
  let pending = 0;
  for (const demo of orgs) {
    const org = await organization(ctx, demo, stamp);
    people += demo.people.length;
    for (const m of demo.memberships) {
      const platform = platforms.get(m.platform)!;
      if (!platform.tiers.some((t) => t.id === m.tier)) {
        throw new Error(`demo seed: tier ${m.tier} is not a tier of ${m.platform}`);
      }
      if (m.status === 'pending') pending++;
      await membership(ctx, org.id, m, decidedBy.get(m.platform)!, stamp);
    }
    const existing = new Set([
      ...(await ctx.store.needs.ofOrganization(org.id, { limit: 100 })).items.map((p) => p.title),
      ...(await ctx.store.offers.ofOrganization(org.id, { limit: 100 })).items.map((p) => p.title),
    ]);
    const owner = (await ctx.store.people.getByEmail(demo.people[0].email))!;
    for (const posting of demo.needs ?? []) {
      const need = parse(needCreateSchema, { ...posting.content, organizationId: org.id });
      if (!platformCovers(platforms.get(posting.platform)!, need.location)) {
        throw new Error(`demo seed: need "${need.title}" lies outside ${posting.platform}`);
      }
      needs++;
      if (existing.has(need.title)) continue;
      await ctx.store.needs.create({
        ...need,
        ...postingMeta(ctx, posting.platform, owner.id, stamp),
      } as Need);
    }
    for (const posting of demo.offers ?? []) {
      const offer = parse(offerCreateSchema, { ...posting.content, organizationId: org.id });
      offers++;
      if (existing.has(offer.title)) continue;
      await ctx.store.offers.create({
        ...offer,
        ...postingMeta(ctx, posting.platform, owner.id, stamp),
      } as Offer);
    }
  }

  // The marker platform goes last: until it exists, the next start runs (and completes) this again.
  for (const { input, secretariat } of PLATFORMS) {
    await bootstrapPlatform(ctx, input, [secretariat.email]);
  }

  const counts = `${PLATFORMS.length} platforms (${PLATFORMS.map((p) => p.input.id).join(', ')}), ${orgs.length} organisations, ${people} people, ${needs} needs, ${offers} offers, ${pending} pending memberships`;
  // Emails first: they are ASCII, so padding them lines up in any terminal.
  const logins: [string, string][] = [
    [DEMO_LOGINS.saitamaSecretariat, 'secretariat (事務局) of saitama'],
    [DEMO_LOGINS.kawaguchiSecretariat, 'secretariat (事務局) of kawaguchi'],
    [DEMO_LOGINS.npo, 'NPO: こども食堂, approved member of both platforms'],
    [DEMO_LOGINS.company, 'company: スーパー, approved member of both platforms'],
    [DEMO_LOGINS.pendingMember, 'café awaiting approval in saitama (member of kawaguchi)'],
  ];
  const width = Math.max(...logins.map(([email]) => email.length));
  return {
    seeded: true,
    summary: [
      `${counts}. Sign in with a magic link (it arrives in the mail viewer) as:`,
      ...logins.map(([email, who]) => `${' '.repeat(15)}${email.padEnd(width)}  ${who}`),
    ].join('\n'),
  };
}

async function person(ctx: AppContext, who: { email: string; name: string }, stamp: string): Promise<Person> {
  const { person } = await ctx.store.people.findOrCreate(who.email, () => ({
    ...newPerson(ctx.newId(), who.email, stamp),
    name: who.name,
  }));
  return person;
}

/** The organisation, found through its owner's affiliations or created with the owner. */
async function organization(ctx: AppContext, demo: DemoOrganization, stamp: string): Promise<Organization> {
  const [contact, ...others] = demo.people;
  const input = parse(organizationInputSchema, {
    ...demo.profile,
    contact: { name: contact.name, email: contact.email },
  });
  const owner = await person(ctx, contact, stamp);
  let org = await ownedOrganization(ctx, owner.id, input.name);
  if (!org) {
    // The contact is the owner's own address, so it is confirmed from the start (as when an
    // owner registers with their sign-in address) and the demo's introductions reach it.
    org = contactVerificationAfter(
      {
        ...input,
        directoryListed: input.directoryListed ?? false,
        id: ctx.newId(),
        createdAt: stamp,
        updatedAt: stamp,
        version: 1,
      },
      owner.email,
      stamp,
    );
    await ctx.store.organizations.create(org, { personId: owner.id, email: owner.email });
  }
  for (const other of others) {
    const p = await person(ctx, other, stamp);
    await ctx.store.people.setAffiliation({
      personId: p.id,
      organizationId: org.id,
      email: p.email,
      role: other.role,
      createdAt: stamp,
    });
  }
  return org;
}

async function ownedOrganization(
  ctx: AppContext,
  personId: string,
  name: string,
): Promise<Organization | undefined> {
  const actor = await ctx.store.people.actor(personId);
  for (const id of actor?.orgRoles.keys() ?? []) {
    const org = await ctx.store.organizations.get(id);
    if (org?.name === name) return org;
  }
  return undefined;
}

async function membership(
  ctx: AppContext,
  organizationId: string,
  demo: DemoMembership,
  secretariatId: string,
  stamp: string,
): Promise<void> {
  if (await ctx.store.memberships.get(demo.platform, organizationId)) return;
  const decided = demo.status === 'approved' ? { decidedAt: stamp, decidedBy: secretariatId } : {};
  const m: Membership = parse(membershipSchema, {
    platformId: demo.platform,
    organizationId,
    tier: demo.tier,
    status: demo.status,
    ...(demo.message ? { message: demo.message } : {}),
    ...decided,
    createdAt: stamp,
    updatedAt: stamp,
    version: 1,
  });
  await ctx.store.memberships.create(m);
}

function postingMeta(ctx: AppContext, platformId: PlatformId, createdBy: string, stamp: string) {
  return {
    id: ctx.newId(),
    platformId,
    status: 'open' as const,
    createdBy,
    createdAt: stamp,
    updatedAt: stamp,
    version: 1,
  };
}
