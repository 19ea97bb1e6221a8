import { activityLabel, fieldLabel, type MemberStats, memberStats, type Platform, prefecture } from '#domain';
import { Bi } from '../layout';
import { useView } from '../view';
import { type C, n } from './frame';

// The statistics page's members section: approved member organisations by 活動分野, by what they
// do and by the prefectures they work in, from their profiles.

/** Loads the platform's approved members and counts them by their profile. */
export async function loadMemberStats(c: C, platform: Platform): Promise<MemberStats> {
  const { store } = c.var.ctx;
  const ids = await store.memberships.organizationsWithStatus(platform.id, 'approved');
  return memberStats(await store.organizations.getMany(ids));
}

function CountTable(props: {
  id: string;
  caption: { ja: string; en: string };
  rows: { label: string; members: number }[];
}) {
  const { lang } = useView();
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <caption>{props.caption[lang]}</caption>
        <thead>
          <tr>
            <th scope="col">
              <Bi ja="区分" en="Group" />
            </th>
            <th scope="col" class="num">
              <Bi ja="団体数" en="Members" />
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <td class="num">{n(r.members)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MemberStatsSection({ stats }: { stats: MemberStats }) {
  const { lang } = useView();
  const notGiven = lang === 'ja' ? '未回答' : 'Not given';
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">
        <Bi
          ja={`会員団体（承認済み ${n(stats.members)}団体）`}
          en={`Members (${n(stats.members)} approved)`}
        />
      </h2>
      <p class="note">
        <Bi
          ja="団体のプロフィールから数えています。1つの団体は、選んだ分野・活動内容・活動地域のそれぞれに数えます（活動地域がない団体は所在地の都道府県）。"
          en="Counted from the profiles: an organisation counts toward each field, activity and prefecture it chose (its own prefecture when it gave no area)."
        />
      </p>
      <CountTable
        id="members-by-field"
        caption={{ ja: '活動分野別の団体数', en: 'Members by field' }}
        rows={[
          ...stats.byField.map((r) => ({ label: fieldLabel(r.field, lang), members: r.members })),
          ...(stats.withoutField > 0 ? [{ label: notGiven, members: stats.withoutField }] : []),
        ]}
      />
      <CountTable
        id="members-by-activity"
        caption={{ ja: '活動内容別の団体数', en: 'Members by activity' }}
        rows={[
          ...stats.byActivity.map((r) => ({ label: activityLabel(r.activity, lang), members: r.members })),
          ...(stats.withoutActivity > 0 ? [{ label: notGiven, members: stats.withoutActivity }] : []),
        ]}
      />
      <CountTable
        id="members-by-area"
        caption={{ ja: '活動地域別の団体数', en: 'Members by area' }}
        rows={[
          ...(stats.nationwide > 0
            ? [{ label: lang === 'ja' ? '全国' : 'Nationwide', members: stats.nationwide }]
            : []),
          ...stats.byPrefecture.map((r) => ({
            label: prefecture(r.prefecture)?.[lang] ?? r.prefecture,
            members: r.members,
          })),
        ]}
      />
    </section>
  );
}
