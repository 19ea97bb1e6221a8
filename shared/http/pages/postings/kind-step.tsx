import { KINDS } from '#domain';
import { type FormValues, Legend } from '../forms';
import { signedInPage } from '../guard';
import { Bi, Notice, Page, Title } from '../layout';
import { render } from '../view';
import { CreateForm } from './create';
import { approvedPlatforms, requireEditableOrg, today } from './load';
import { type C, type PostingKind, WORDS } from './words';

// New posting, step one: the organisation (if several), the platform and the kind; then the form
// with its defaults.

export function newPosting(side: PostingKind) {
  const w = WORDS[side];
  return (c: C) =>
    signedInPage(c, async (actor) => {
      const editable = [...actor.orgRoles.entries()]
        .filter(([, role]) => role !== 'viewer')
        .map(([id]) => id);
      const organizationId = c.req.query('organization') ?? (editable.length === 1 ? editable[0]! : '');
      if (!organizationId) {
        const orgs = await c.var.ctx.store.organizations.getMany(editable);
        return render(
          c,
          <Page title={`${w.ja}を登録する`} titleEn={`New ${w.en.toLowerCase()}`}>
            <Title ja={`${w.ja}を登録する`} en={`New ${w.en.toLowerCase()}`} />
            {orgs.length === 0 ? (
              <p>
                <Bi
                  ja="編集者として所属している団体がありません。"
                  en="You are not an editor of any organisation."
                />{' '}
                <a href="/organizations/new">
                  <Bi ja="団体を登録する" en="Register one" />
                </a>
              </p>
            ) : (
              <ul>
                {orgs.map((o) => (
                  <li>
                    <a href={`/${w.plural}/new?organization=${o.id}`}>{o.name}</a>
                  </li>
                ))}
              </ul>
            )}
          </Page>,
        );
      }
      const org = await requireEditableOrg(c, actor, organizationId);
      const platforms = await approvedPlatforms(c, org.id);
      const kindParam = c.req.query('kind');
      const kind = KINDS.find((k) => k.id === kindParam)?.id;
      const platformId = c.req.query('platform') ?? (platforms.length === 1 ? platforms[0]!.id : '');
      const platform = platforms.find((p) => p.id === platformId);
      if (!kind || !platform) {
        // "次へ" pressed without a choice: say what is missing (and answer 400).
        const missing =
          c.req.query('step') === '1'
            ? [
                ...(platform ? [] : [{ ja: 'プラットフォームを選んでください。', en: 'Choose a platform.' }]),
                ...(kind ? [] : [{ ja: '種類を選んでください。', en: 'Choose what kind.' }]),
              ]
            : [];
        return render(
          c,
          <Page title={`${w.ja}を登録する`} titleEn={`New ${w.en.toLowerCase()}`}>
            <p class="note">{org.name}</p>
            <Title ja={`${w.ja}を登録する`} en={`New ${w.en.toLowerCase()}`} />
            {missing.length > 0 ? (
              <Notice kind="error">
                <Bi ja={missing.map((m) => m.ja).join('')} en={missing.map((m) => m.en).join(' ')} />
              </Notice>
            ) : null}
            {platforms.length === 0 ? (
              <p>
                <Bi
                  ja="プラットフォームへの参加が承認されると、登録できるようになります。"
                  en="You can post once a platform has approved your membership."
                />
              </p>
            ) : (
              <form method="get" action={`/${w.plural}/new`}>
                <input type="hidden" name="organization" value={org.id} />
                <input type="hidden" name="step" value="1" />
                {platforms.length > 1 ? (
                  <fieldset class="field">
                    <Legend ja="プラットフォーム" en="Platform" required />
                    {platforms.map((p, i) => (
                      <label class="choice" for={`platform-${i}`}>
                        <input
                          id={`platform-${i}`}
                          type="radio"
                          name="platform"
                          value={p.id}
                          checked={p.id === platformId}
                        />{' '}
                        {p.name}
                      </label>
                    ))}
                  </fieldset>
                ) : (
                  <input type="hidden" name="platform" value={platforms[0]!.id} />
                )}
                <fieldset class="field">
                  <Legend ja="種類" en="What kind" required />
                  <p class="hint">
                    <Bi
                      ja="種類によって、次の画面で入力する「規模」が変わります。"
                      en="The next step asks for the size that fits the kind."
                    />
                  </p>
                  {KINDS.map((k, i) => (
                    <label class="choice" for={`kind-${i}`}>
                      <input
                        id={`kind-${i}`}
                        type="radio"
                        name="kind"
                        value={k.id}
                        checked={k.id === kindParam}
                      />{' '}
                      <Bi ja={k.ja} en={k.en} />
                    </label>
                  ))}
                </fieldset>
                <button type="submit">
                  <Bi ja="次へ" en="Next" />
                </button>
              </form>
            )}
          </Page>,
          missing.length > 0 ? 400 : 200,
        );
      }
      const values: FormValues = {
        'period.start': today(c),
        ...(side === 'need'
          ? {
              'location.prefecture': org.location.prefecture,
              'location.municipality': org.location.municipality,
            }
          : {}),
        ...(kind === 'goods' ? { 'capacity.unit': 'units' } : {}),
      };
      return render(
        c,
        <CreateForm side={side} kind={kind} platform={platform} org={org} values={values} errors={{}} />,
      );
    });
}
