import { type Actor, byLanguage, hasOrgRole, type Match, type Offer } from '#domain';
import { approvedOrganizationsOf, requirePostingReader } from '../../access';
import {
  callApi,
  errorsOf,
  Form,
  type FormErrors,
  type FormValues,
  formValues,
  SelectField,
  TextArea,
} from '../forms';
import { signedInPage } from '../guard';
import { languageOf } from '../language';
import { Bi, Notice, Page, Title } from '../layout';
import { render } from '../view';
import { repoOf } from './load';
import { APPLY_WORDS, answersOf, QuestionFields } from './open-call';
import { type C, type Posting, type PostingKind, WORDS } from './words';

// 関心がある (on an offer) / 協力を申し出る (on a need): an editor of another approved member
// organisation picks which of its own open postings this concerns (or none: it writes as its
// organisation; not for an open call, which takes a need) and writes a short message;
// the API starts an introduction of origin `interest` (the asker has accepted by asking) and the
// page goes on to it. Its editors only: for others the page says what would make it possible.

const own = (target: PostingKind): PostingKind => (target === 'need' ? 'offer' : 'need');

export const INTEREST_WORDS = {
  need: { ja: '協力を申し出る', en: 'Offer to help' },
  offer: { ja: '関心がある', en: 'I am interested' },
} as const;

/**
 * The open postings the actor may start an introduction from (its organisations approved here
 * that it edits), and whether it edits any such organisation at all.
 */
async function ownPostings(
  c: C,
  actor: Actor,
  target: Posting,
  type: PostingKind,
): Promise<{ postings: Posting[]; organizations: string[] }> {
  const ctx = c.var.ctx;
  const orgs = (await approvedOrganizationsOf(ctx, actor, target.platformId)).filter(
    (id) => id !== target.organizationId && hasOrgRole(actor, id, 'editor'),
  );
  const pages = await Promise.all(orgs.map((id) => repoOf(c, type).ofOrganization(id, { limit: 100 })));
  const postings = pages
    .flatMap((p) => p.items as Posting[])
    .filter((p) => p.status === 'open' && p.platformId === target.platformId);
  return { postings, organizations: orgs };
}

async function interestForm(
  c: C,
  actor: Actor,
  kind: PostingKind,
  target: Posting,
  values: FormValues,
  errors: FormErrors = {},
  status: 200 | 400 | 403 | 409 = 200,
  notice?: string,
): Promise<Response> {
  const { postings: mine, organizations } = await ownPostings(c, actor, target, own(kind));
  const editor = organizations.length > 0;
  const openCall = kind === 'offer' && (target as Offer).openCall !== undefined;
  const words = openCall ? APPLY_WORDS : INTEREST_WORDS[kind];
  const ownWords = WORDS[own(kind)];
  const orgNames = new Map(
    (await c.var.ctx.store.organizations.getMany(organizations)).map((o) => [o.id, o.name]),
  );
  // Without a posting of its own, an organisation writes as itself (an open call takes a need).
  const options = [
    ...mine.map((p) => ({
      value: `${p.organizationId}:${p.id}`,
      label: `${p.title}（${orgNames.get(p.organizationId) ?? ''}）`,
    })),
    ...(openCall
      ? []
      : organizations.map((id) => ({
          value: `${id}:`,
          label: byLanguage(
            languageOf(c),
            `${ownWords.ja}を選ばずに、${orgNames.get(id) ?? ''}として`,
            `No ${ownWords.en.toLowerCase()}: as ${orgNames.get(id) ?? ''}`,
          ),
        }))),
  ];
  const targetOrg = await c.var.ctx.store.organizations.get(target.organizationId);
  return render(
    c,
    <Page title={words.ja} titleEn={words.en}>
      <Title ja={words.ja} en={words.en} />
      <p>
        <a href={`/${WORDS[kind].plural}/${target.id}`}>「{target.title}」</a>（{targetOrg?.name ?? ''}）
      </p>
      {notice ? <Notice kind="error">{notice}</Notice> : null}
      <p>
        <Bi
          ja={`${targetOrg?.name ?? '先方'}様に、メッセージを添えてつながりをお申し出します。お申し出の時点で貴団体は承諾したことになり、先方が承諾すると双方の連絡先をお知らせします。先方が見送った場合、同じ組み合わせで改めてお申し出することはできません。`}
          en={`Your message goes to ${targetOrg?.name ?? 'them'} with your request. By sending it you accept the introduction; if they accept too, both sides receive each other's contact details. If they decline, the same pair cannot be asked again.`}
        />
      </p>
      {!editor ? (
        <Notice>
          <Bi
            ja="お申し出は、このプラットフォームの会員団体の編集者・管理者の方ができます。団体の管理者の方にご相談ください。"
            en="An editor or owner of a member organisation of this platform can ask. Please ask your organisation's owner."
          />
        </Notice>
      ) : options.length === 0 ? (
        <Notice>
          <Bi
            ja={`お申し出には、貴団体の受付中の${ownWords.ja}が必要です。先に${ownWords.ja}を掲載してください。`}
            en={`To ask, your organisation needs an open ${ownWords.en.toLowerCase()} on this platform. Post one first.`}
          />{' '}
          <a href={`/${ownWords.plural}/new`}>
            <Bi ja={`${ownWords.ja}を掲載する`} en={`Post ${ownWords.en.toLowerCase()}`} />
          </a>
        </Notice>
      ) : (
        <Form action={`/${WORDS[kind].plural}/${target.id}/interest`} values={values} errors={errors}>
          <SelectField
            name="posting"
            ja={`関係する貴団体の${ownWords.ja}`}
            en={`Your ${ownWords.en.toLowerCase()} this concerns`}
            required
            options={options}
            hint={
              openCall ? undefined : (
                <Bi
                  ja={`${ownWords.ja}を掲載していなくても、団体としてお申し出できます。`}
                  en={`You can write as your organisation without ${ownWords.en.toLowerCase()} of your own.`}
                />
              )
            }
          />
          <TextArea
            name="message"
            ja="先方へのメッセージ"
            en="Your message to them"
            required
            rows={5}
            maxlength={1000}
            hint={
              <Bi
                ja="どのように協力できそうか、なぜ関心を持ったかなどを、1000文字以内でお書きください。連絡先はまだ先方に伝わりません。"
                en="How you could work together, or why it caught your interest (up to 1,000 characters). Your contact details are not shared yet."
              />
            }
          />
          {kind === 'offer' ? <QuestionFields offer={target as Offer} /> : null}
          <p class="actions">
            <button type="submit">
              <Bi {...words} />
            </button>
            <a href={`/${WORDS[kind].plural}/${target.id}`}>
              <Bi ja="やめる" en="Cancel" />
            </a>
          </p>
        </Form>
      )}
    </Page>,
    status,
  );
}

async function readable(c: C, actor: Actor, kind: PostingKind): Promise<Posting> {
  const posting = (await repoOf(c, kind).require(c.req.param('id') ?? '')) as Posting;
  await requirePostingReader(c.var.ctx, actor, posting, kind);
  return posting;
}

export const showInterest = (kind: PostingKind) => (c: C) =>
  signedInPage(c, async (actor) => interestForm(c, actor, kind, await readable(c, actor, kind), {}));

export const sendInterest = (kind: PostingKind) => (c: C) =>
  signedInPage(c, async (actor) => {
    const target = await readable(c, actor, kind);
    const values = await formValues(c);
    const [organizationId = '', postingId = ''] = String(values.posting ?? '').split(':');
    const result = await callApi<Match>(c, 'POST', `/${WORDS[kind].plural}/${target.id}/interest`, {
      organizationId,
      ...(postingId ? { postingId } : {}),
      message: values.message ?? '',
      ...(kind === 'offer' && (target as Offer).openCall
        ? { answers: answersOf(target as Offer, values) }
        : {}),
    });
    if (result.ok) return c.redirect(`/matches/${result.data.id}?started=1`, 303);
    const { problem } = result;
    const errors = errorsOf(problem);
    const fieldErrors: FormErrors = {
      ...(errors.organizationId || errors.postingId
        ? { posting: errors.postingId ?? errors.organizationId! }
        : {}),
      ...(errors.message ? { message: errors.message } : {}),
      ...Object.fromEntries(
        Object.entries(errors)
          .filter(([path]) => path.startsWith('answers.'))
          .map(([path, message]) => [`answer-${path.slice('answers.'.length)}`, message]),
      ),
    };
    const status = problem.status === 409 || problem.status === 403 ? problem.status : 400;
    const notice = Object.keys(fieldErrors).length > 0 ? undefined : problem.detail;
    return interestForm(c, actor, kind, target, values, fieldErrors, status, notice);
  });
