import { answerText, CONSENT_PURPOSE_LABELS, type Membership } from '#domain';
import { Bi } from '../layout';
import { useView } from '../view';
import { dateTime } from './frame';

// What an organisation answered and agreed to when it applied (or since), as the secretariat
// reads it at approval: each question as it was asked, each consent with its version and time.

export function ApplicationDetail({ membership: m }: { membership: Membership }) {
  const { lang } = useView();
  return (
    <>
      {(m.answers ?? []).map((a) => (
        <>
          <dt>{lang === 'en' ? (a.question.en ?? a.question.ja) : a.question.ja}</dt>
          <dd class="pre-line">{answerText(a, lang)}</dd>
        </>
      ))}
      {(m.consents ?? []).map((r) => (
        <>
          <dt>
            <Bi {...CONSENT_PURPOSE_LABELS[r.purpose]} />
          </dt>
          <dd>
            {r.agreed ? <Bi ja="同意あり" en="Agreed" /> : <Bi ja="同意なし" en="Not given" />}
            {` ・ v${r.version} ・ ${dateTime(r.at)}`}
            <details>
              <summary>
                <Bi ja="同意した文面" en="The text as read" />
              </summary>
              <p class="pre-line">{lang === 'en' ? (r.text.en ?? r.text.ja) : r.text.ja}</p>
            </details>
          </dd>
        </>
      ))}
    </>
  );
}
