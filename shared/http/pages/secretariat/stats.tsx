import {
  byLanguage,
  COLLABORATION_LABELS,
  COLLABORATION_STATES,
  fieldLabel,
  type IntroductionCounts,
  type IntroductionStats,
  introductionStats,
  MATCH_STATUS_LABELS,
  MATCH_STATUSES,
  type Platform,
  prefecture,
  typeRowLabel,
} from '#domain';
import { languageOf } from '../language';
import { Bi } from '../layout';
import { render } from '../view';
import { BarChart, type BarSeries } from './charts';
import { AdminPage, adminBase, type C, n } from './frame';
import { loadMemberStats, MemberStatsSection } from './member-stats';

// Statistics: introductions by status and outcome, by field, by region and by type, as charts and
// tables.

const CHART_SERIES: readonly (BarSeries & { of: (c: IntroductionCounts) => number })[] = [
  { ja: 'ご提案', en: 'Introductions', color: '#0b5c8f', of: (c) => c.proposals },
  { ja: 'つながった', en: 'Connected', color: '#2a6b59', of: (c) => c.status.connected },
  { ja: '連携が成立', en: 'Collaborations', color: '#a04b00', of: (c) => c.collaboration.formed },
];

export const prefectureName = (code: string) => prefecture(code)?.ja ?? code;

function statsSections(stats: IntroductionStats) {
  return [
    {
      id: 'by-field',
      ja: '分野別',
      en: 'By field',
      note: {
        ja: '1件のご提案は、ニーズのすべての分野に数えます（合計は全体の件数より多くなることがあります）。',
        en: 'An introduction counts toward each field of its need (the total can be more than the number of introductions).',
      },
      rows: stats.byField.map((r) => ({ label: fieldLabel(r.field, 'ja'), counts: r.counts })),
    },
    {
      id: 'by-region',
      ja: '地域別（ニーズの都道府県）',
      en: "By region (the need's prefecture)",
      note: undefined,
      rows: stats.byPrefecture.map((r) => ({ label: prefectureName(r.prefecture), counts: r.counts })),
    },
    {
      id: 'by-type',
      ja: '種類別（ニーズの種類）',
      en: "By type (the need's types)",
      note: {
        ja: '場所・居場所、プロボノ・専門知識、物資・食品のニーズのご提案です。1件のご提案は、ニーズが選んだすべての種類に数えます。種類を選んでいないニーズ（どれでもよい）は「種類の指定なし」に数えます。',
        en: 'Introductions for needs of venues, pro bono and goods. An introduction counts toward each type its need chose; a need that chose none (any will do) counts under "No type given".',
      },
      rows: stats.byType.map((r) => ({ label: typeRowLabel(r.kind, r.type, 'ja'), counts: r.counts })),
    },
  ].filter((section) => section.rows.length > 0);
}

function CountsTable(props: { caption: string; rows: { label: string; counts: IntroductionCounts }[] }) {
  return (
    <div class="table-wrap">
      <table class="wide">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <Bi ja="区分" en="Group" />
            </th>
            <th scope="col" class="num">
              <Bi ja="ご提案" en="All" />
            </th>
            {MATCH_STATUSES.map((s) => (
              <th scope="col" class="num">
                <Bi ja={MATCH_STATUS_LABELS[s].ja} en={MATCH_STATUS_LABELS[s].en} />
              </th>
            ))}
            {COLLABORATION_STATES.map((s) => (
              <th scope="col" class="num">
                <Bi ja={COLLABORATION_LABELS[s].ja} en={COLLABORATION_LABELS[s].en} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <td class="num">{n(r.counts.proposals)}</td>
              {MATCH_STATUSES.map((s) => (
                <td class="num">{n(r.counts.status[s])}</td>
              ))}
              {COLLABORATION_STATES.map((s) => (
                <td class="num">{n(r.counts.collaboration[s])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export async function statsPage(c: C, platform: Platform): Promise<Response> {
  const { store } = c.var.ctx;
  const pairs = await store.matches.pairsOf(platform.id);
  const t = <V,>(ja: V, en: V) => byLanguage(languageOf(c), ja, en);
  const needs = await store.needs.getMany(pairs.flatMap((p) => p.needId ?? []));
  const stats = introductionStats(pairs, needs);
  const members = await loadMemberStats(c, platform);
  const { total } = stats;
  return render(
    c,
    <AdminPage platform={platform} ja="つながりの統計" en="Statistics">
      <p>
        <Bi
          ja="このプラットフォームでこれまでに行ったご提案と、そこから生まれた連携の件数です。"
          en="Introductions made on this platform so far, and the collaborations that came of them."
        />
      </p>
      <h2>
        <Bi ja="ご提案の状況" en="Introductions" />
      </h2>
      <ul class="stats">
        <li>
          <strong>{n(total.proposals)}</strong>
          <Bi ja="ご提案（累計）" en="All introductions" />
        </li>
        {MATCH_STATUSES.map((s) => (
          <li>
            <strong>{n(total.status[s])}</strong>
            <Bi ja={MATCH_STATUS_LABELS[s].ja} en={MATCH_STATUS_LABELS[s].en} />
          </li>
        ))}
      </ul>
      <h2>
        <Bi ja="連携の状況（つながった件数のうち）" en="What came of connections" />
      </h2>
      <ul class="stats">
        {COLLABORATION_STATES.map((s) => (
          <li>
            <strong>{n(total.collaboration[s])}</strong>
            <Bi ja={COLLABORATION_LABELS[s].ja} en={COLLABORATION_LABELS[s].en} />
          </li>
        ))}
      </ul>
      {total.proposals === 0 ? (
        <p>
          <Bi
            ja="まだご提案はありません。マッチングが実行されると、ここに分野別・地域別・種類別の件数が表示されます。"
            en="No introductions yet. Counts by field, region and type appear here after a round."
          />
        </p>
      ) : (
        statsSections(stats).map((section) => (
          <section aria-labelledby={`${section.id}-heading`}>
            <h2 id={`${section.id}-heading`}>
              <Bi ja={section.ja} en={section.en} />
            </h2>
            {section.note ? (
              <p class="note">
                <Bi {...section.note} />
              </p>
            ) : null}
            <BarChart
              id={`${section.id}-chart`}
              title={t(
                `${section.ja}のご提案・つながった件数・連携の成立`,
                `${section.en}: introductions, connections and collaborations`,
              )}
              description={section.rows
                .map((r) => `${r.label}: ${CHART_SERIES.map((s) => `${s.ja} ${s.of(r.counts)}`).join('、')}`)
                .join('。')}
              series={CHART_SERIES}
              rows={section.rows.map((r) => ({
                label: r.label,
                values: CHART_SERIES.map((s) => s.of(r.counts)),
              }))}
            />
            <CountsTable caption={t(`${section.ja}の件数`, `${section.en}: counts`)} rows={section.rows} />
          </section>
        ))
      )}
      <MemberStatsSection stats={members} />
      <p>
        <a href={`${adminBase(platform.id)}/export.csv`} download>
          <Bi ja="ご提案の一覧をCSVでダウンロード" en="Download introductions (CSV)" />
        </a>
      </p>
    </AdminPage>,
  );
}
