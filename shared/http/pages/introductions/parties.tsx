import type { Match, Need, Offer, Organization, Side } from '#domain';
import { Bi } from '../layout';

// The two sides of an introduction, as the match page shows them: each side's posting (or its
// organisation alone, when it wrote without a posting of its own) and its answer so far.

const answerLabel = (m: Match, side: Side) => {
  const r = m.responses[side];
  const label = r
    ? r.decision === 'accepted'
      ? { ja: '承諾', en: 'Accepted' }
      : { ja: '見送り', en: 'Declined' }
    : { ja: '未回答', en: 'Not yet' };
  return <Bi {...label} />;
};

/** A side that wrote without a posting of its own: its organisation, and that it wrote so. */
export function WithoutPosting({ organizationName }: { organizationName: string }) {
  return (
    <>
      {organizationName}（<Bi ja="掲載を通さないお申し出" en="written without a posting of its own" />）
    </>
  );
}

const HEADINGS: Record<Side, { ja: string; en: string; path: string }> = {
  need: { ja: 'ニーズ', en: 'Need', path: '/needs' },
  offer: { ja: '支援の申し出', en: 'Offer', path: '/offers' },
};

export function PartiesTable(props: {
  match: Match;
  postings: Record<Side, Need | Offer | undefined>;
  organizations: Record<Side, Organization>;
}) {
  const { match, postings, organizations } = props;
  return (
    <div class="table-wrap">
      <table>
        <tbody>
          {(['need', 'offer'] as const).map((side) => {
            const posting = postings[side];
            const heading = HEADINGS[side];
            return (
              <tr>
                <th scope="row">
                  <Bi ja={heading.ja} en={heading.en} />
                </th>
                <td>
                  {posting ? (
                    <>
                      <a href={`${heading.path}/${posting.id}`}>{posting.title}</a>（
                      {organizations[side].name}）
                    </>
                  ) : (
                    <WithoutPosting organizationName={organizations[side].name} />
                  )}
                </td>
                <td>{answerLabel(match, side)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
