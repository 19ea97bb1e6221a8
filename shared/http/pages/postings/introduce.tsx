import { type Actor, type Match, type Need, NotFoundError, type Offer, tokyoDate } from '#domain';
import { scorePair } from '#matching';
import {
  ChoiceGroup,
  callApi,
  errorsOf,
  Form,
  type FormErrors,
  type FormValues,
  fetchApi,
  formValues,
  TextArea,
} from '../forms';
import { signedInPage } from '../guard';
import { languageOf } from '../language';
import { Bi, Notice, Page, Title } from '../layout';
import { render } from '../view';
import { repoOf } from './load';
import { type C, type Posting, type PostingKind, WORDS } from './words';

// 事務局としてつなぐ: the platform's secretariat pairs a posting with one of the other kind by
// hand. The counterparts come from the platform's search (keyword, newest first), each with the
// engine's fit where it has one; a note 「事務局より」 goes to both sides (POST
// /v1/platforms/{id}/matches). Its secretariat only; to anyone else the page does not exist.

const other = (kind: PostingKind): PostingKind => (kind === 'need' ? 'offer' : 'need');

interface Found {
  items: { type: PostingKind; posting: Posting }[];
  total: number;
}

async function introduceForm(
  c: C,
  kind: PostingKind,
  posting: Posting,
  values: FormValues,
  errors: FormErrors = {},
  status: 200 | 400 | 409 = 200,
  notice?: string,
): Promise<Response> {
  const q = c.req.query('q')?.trim() ?? '';
  const them = other(kind);
  const found = await fetchApi<Found>(
    c,
    `/platforms/${posting.platformId}/search?type=${them}&limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`,
  );
  const candidates = found.items
    .map((h) => h.posting)
    .filter((p) => p.organizationId !== posting.organizationId);
  const names = new Map(
    (await c.var.ctx.store.organizations.getMany([...new Set(candidates.map((p) => p.organizationId))])).map(
      (o) => [o.id, o.name],
    ),
  );
  const today = tokyoDate(c.var.ctx.now());
  /** The engine's fit of each pair, scored once, when it would pair them at all. */
  const fit = new Map(
    candidates.map((p) => {
      const [need, offer] = kind === 'need' ? [posting as Need, p as Offer] : [p as Need, posting as Offer];
      const scored = scorePair(need, offer, today);
      return [p.id, scored.ok ? Math.round(scored.score * 100) : undefined] as const;
    }),
  );
  const fitOf = (p: Posting, lang: 'ja' | 'en') => {
    const percent = fit.get(p.id);
    if (percent === undefined) return '';
    return lang === 'en' ? ` · fit ${percent}%` : ` ・ 適合度 ${percent}%`;
  };
  const base = `/${WORDS[kind].plural}/${posting.id}/introduce`;
  const lang = languageOf(c);
  return render(
    c,
    <Page title="事務局としてつなぐ" titleEn="Introduce as the secretariat">
      <Title ja="事務局としてつなぐ" en="Introduce as the secretariat" />
      <p>
        <Bi ja={`${WORDS[kind].ja}：`} en={`${WORDS[kind].en}: `} />
        <a href={`/${WORDS[kind].plural}/${posting.id}`}>「{posting.title}」</a>
      </p>
      <p class="note">
        <Bi
          ja={`つなぐ相手の${WORDS[them].ja}を選び、双方へのひとことを添えて送ります。双方にご紹介のメールが届き、両方が承諾すると連絡先をお知らせします。`}
          en={`Choose the ${WORDS[them].en.toLowerCase()} to introduce and add a note for both. Both sides are mailed; contacts are shared once both accept.`}
        />
      </p>
      {notice ? <Notice kind="error">{notice}</Notice> : null}
      <form method="get" action={base} class="search">
        <label for="introduce-q">
          <Bi ja="キーワードで探す" en="Search by keyword" />
        </label>
        <input id="introduce-q" type="search" name="q" value={q} maxlength={100} />
        <button type="submit" class="secondary">
          <Bi ja="検索" en="Search" />
        </button>
      </form>
      <p class="note">
        <Bi ja={`${found.total}件`} en={`${found.total} found`} />
        {found.total > candidates.length ? (
          <Bi ja="（新しい順に20件まで表示）" en=" (the newest 20 shown)" />
        ) : null}
      </p>
      {candidates.length === 0 ? (
        <p>
          <Bi ja="該当する掲載はありません。" en="Nothing found." />
        </p>
      ) : (
        <Form action={`${base}${q ? `?q=${encodeURIComponent(q)}` : ''}`} values={values} errors={errors}>
          <ChoiceGroup
            name="counterpart"
            type="radio"
            ja={`つなぐ相手の${WORDS[them].ja}`}
            en={`The ${WORDS[them].en.toLowerCase()} to introduce`}
            required
            options={candidates.map((p) => ({
              value: p.id,
              label: `${p.title}（${names.get(p.organizationId) ?? ''}）${fitOf(p, 'ja')}`,
              en: `${p.title} (${names.get(p.organizationId) ?? ''})${fitOf(p, 'en')}`,
            }))}
          />
          <TextArea
            name="note"
            ja="事務局より（双方へのひとこと）"
            en="Note from the secretariat (to both)"
            required
            rows={4}
            maxlength={1000}
            hint={
              <Bi
                ja="なぜこの2団体をおつなぎするのか、双方にお伝えします。"
                en="Why you introduce them: both sides read it."
              />
            }
          />
          <p class="actions">
            <button type="submit">
              <Bi ja="ご紹介を送る" en="Send the introduction" />
            </button>
            <a href={`/${WORDS[kind].plural}/${posting.id}`}>{lang === 'en' ? 'Cancel' : 'やめる'}</a>
          </p>
        </Form>
      )}
    </Page>,
    status,
  );
}

/** The posting, for its platform's secretariat only (404 to anyone else, as for an unknown id). */
async function forSecretariat(c: C, actor: Actor, kind: PostingKind): Promise<Posting> {
  const posting = (await repoOf(c, kind).get(c.req.param('id') ?? '')) as Posting | undefined;
  if (!posting || !actor.secretariatOf.has(posting.platformId)) throw new NotFoundError(kind);
  return posting;
}

export const showIntroduce = (kind: PostingKind) => (c: C) =>
  signedInPage(c, async (actor) => introduceForm(c, kind, await forSecretariat(c, actor, kind), {}));

export const sendIntroduce = (kind: PostingKind) => (c: C) =>
  signedInPage(c, async (actor) => {
    const posting = await forSecretariat(c, actor, kind);
    const values = await formValues(c);
    const counterpart = String(values.counterpart ?? '');
    const [needId, offerId] = kind === 'need' ? [posting.id, counterpart] : [counterpart, posting.id];
    const result = await callApi<Match>(c, 'POST', `/platforms/${posting.platformId}/matches`, {
      needId,
      offerId,
      note: values.note ?? '',
    });
    if (result.ok) return c.redirect(`/matches/${result.data.id}?introduced=1`, 303);
    const { problem } = result;
    const errors = errorsOf(problem);
    const fieldErrors: FormErrors = {
      ...(errors.needId || errors.offerId ? { counterpart: (errors.needId ?? errors.offerId)! } : {}),
      ...(errors.note ? { note: errors.note } : {}),
    };
    if (!counterpart) fieldErrors.counterpart ??= 'つなぐ相手を選んでください。 Choose who to introduce.';
    const status = problem.status === 409 ? 409 : 400;
    const notice = Object.keys(fieldErrors).length > 0 ? undefined : problem.detail;
    return introduceForm(c, kind, posting, values, fieldErrors, status, notice);
  });
