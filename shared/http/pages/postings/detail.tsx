import {
  fieldLabel,
  hasOrgRole,
  kindLabel,
  type Language,
  type Need,
  NotFoundError,
  type Offer,
  placeLabel,
  slotsLeft,
  targetGroupLabel,
  typesLabel,
} from '#domain';
import { displayDate } from '#mail';
import { requirePostingReader } from '../../access';
import { ActionButton } from '../forms';
import { signedInPage } from '../guard';
import { languageOf } from '../language';
import { Bi, Page } from '../layout';
import { render } from '../view';
import { INTEREST_WORDS } from './interest';
import { IntroductionsOfPosting, loadPostingIntroductions } from './introductions';
import { APPLY_WORDS, OpenCallFacts } from './open-call';
import { type C, STATUS, WORDS } from './words';

// One posting's page, for every member of its platform (and its secretariat).

const n = (x: number) => x.toLocaleString('ja-JP');

/** The capacity in words, in the reader's language: 30名・月2回, 50万円, 30kg; 30 people, ¥500,000. */
export function capacityLines(p: Need | Offer, lang: Language): string[] {
  const c = p.capacity as Record<string, number | string | boolean | undefined>;
  const out: string[] = [];
  const en = lang === 'en';
  const num = (key: string) => (typeof c[key] === 'number' ? (c[key] as number) : undefined);
  const people = num('people');
  if (people !== undefined) {
    const venue = p.kind === 'venue';
    out.push(
      en ? `${venue ? 'up to ' : ''}${n(people)} people` : venue ? `定員${n(people)}名` : `${n(people)}名`,
    );
  }
  const sessions = num('sessionsPerMonth');
  if (sessions !== undefined) out.push(en ? `${n(sessions)} times a month` : `月${n(sessions)}回`);
  const hours = num('hoursPerMonth');
  if (hours !== undefined) out.push(en ? `${n(hours)} hours a month` : `月${n(hours)}時間`);
  const positions = num('positions');
  if (positions !== undefined) out.push(en ? `${n(positions)} positions` : `${n(positions)}人分`);
  const amount = num('amountJpy');
  if (amount !== undefined) out.push(en ? `¥${n(amount)}` : `${n(amount)}円`);
  const minimum = num('minAmountJpy');
  if (minimum !== undefined) out.push(en ? `at least ¥${n(minimum)}` : `最低${n(minimum)}円`);
  if (c.coFunding === true) out.push(en ? 'other funding welcome alongside' : 'ほかの支援との組み合わせ可');
  const quantity = num('quantity');
  if (quantity !== undefined) {
    out.push(c.unit === 'kg' ? `${n(quantity)}kg` : en ? `${n(quantity)} items` : `${n(quantity)}点`);
  }
  const reach = num('reach');
  if (reach !== undefined) out.push(en ? `reaches about ${n(reach)} people` : `約${n(reach)}人に届く`);
  if (typeof c.note === 'string') out.push(c.note);
  return out;
}

export async function postingPage(c: C, kind: 'need' | 'offer'): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const ctx = c.var.ctx;
    const repo = kind === 'need' ? ctx.store.needs : ctx.store.offers;
    const posting = await repo.get(c.req.param('id') ?? '');
    if (!posting) throw new NotFoundError(kind);
    await requirePostingReader(ctx, actor, posting, kind);
    const [org, platform, introductions] = await Promise.all([
      ctx.store.organizations.require(posting.organizationId),
      ctx.store.platforms.get(posting.platformId),
      loadPostingIntroductions(c, actor, kind, posting),
    ]);
    const w = WORDS[kind];
    const editor = hasOrgRole(actor, posting.organizationId, 'editor');
    // Anyone else who can read it may ask to be introduced (the form says what it takes).
    const insider =
      hasOrgRole(actor, posting.organizationId, 'viewer') || actor.secretariatOf.has(posting.platformId);
    const left = kind === 'offer' ? slotsLeft(posting as Offer) : undefined;
    const lang = languageOf(c);
    return render(
      c,
      <Page title={posting.title} titleEn={w.en}>
        <p class="note">
          <Bi ja={w.ja} en={w.en} /> ・ {kindLabel(posting.kind, lang)}{' '}
          <span class={`badge ${posting.status}`}>
            <Bi {...STATUS[posting.status]} />
          </span>
        </p>
        <h1>{posting.title}</h1>
        <p>{org.name}</p>
        {posting.description ? <p class="prewrap">{posting.description}</p> : null}
        <dl class="facts">
          <dt>
            <Bi ja="プラットフォーム" en="Platform" />
          </dt>
          <dd>
            <a href={`/platforms/${posting.platformId}`}>{platform?.name ?? posting.platformId}</a>
          </dd>
          <dt>
            <Bi ja="分野" en="Fields" />
          </dt>
          <dd>
            {posting.fields === 'any' ? (
              <Bi ja="すべての分野" en="Every field" />
            ) : (
              posting.fields.map((f) => fieldLabel(f, lang)).join(lang === 'en' ? ', ' : '、')
            )}
          </dd>
          {typesLabel(posting, lang) === undefined ? null : (
            <>
              <dt>
                <Bi ja="種類" en="Type" />
              </dt>
              <dd>{typesLabel(posting, lang)}</dd>
            </>
          )}
          <dt>{kind === 'need' ? <Bi ja="場所" en="Where" /> : <Bi ja="対応地域" en="Service area" />}</dt>
          <dd>
            {placeLabel(posting, lang)}
            {kind === 'need' && (posting as Need).onlineOk ? (
              <>
                {' ・ '}
                <Bi ja="オンライン可" en="Online is fine" />
              </>
            ) : null}
          </dd>
          <dt>
            <Bi ja="規模" en="Capacity" />
          </dt>
          <dd>{capacityLines(posting, lang).join(lang === 'en' ? ', ' : ' ・ ') || '—'}</dd>
          {kind === 'need' && (posting as Need).targetGroups.length > 0 ? (
            <>
              <dt>
                <Bi ja="届けたい人" en="Who it reaches" />
              </dt>
              <dd>
                {(posting as Need).targetGroups
                  .map((g) => targetGroupLabel(g, lang))
                  .join(lang === 'en' ? ', ' : '、')}
              </dd>
            </>
          ) : null}
          {left !== undefined ? (
            <>
              <dt>
                <Bi ja="受け入れ枠" en="Slots" />
              </dt>
              <dd>
                残り {left} / {(posting as Offer).slots}
              </dd>
            </>
          ) : null}
          {kind === 'offer' && (posting as Offer).conditions ? (
            <>
              <dt>
                <Bi ja="条件" en="Conditions" />
              </dt>
              <dd class="prewrap">{(posting as Offer).conditions}</dd>
            </>
          ) : null}
          <dt>
            <Bi ja="期間" en="Period" />
          </dt>
          <dd>
            <Bi ja={displayDate(posting.period.start, 'ja')} en={displayDate(posting.period.start, 'en')} />{' '}
            〜{' '}
            {posting.period.end ? (
              <Bi ja={displayDate(posting.period.end, 'ja')} en={displayDate(posting.period.end, 'en')} />
            ) : (
              <Bi ja="（期限なし）" en="(open-ended)" />
            )}
          </dd>
        </dl>
        {kind === 'offer' ? <OpenCallFacts offer={posting as Offer} insider={insider} /> : null}
        {editor && posting.status === 'open' ? (
          <div class="actions">
            <a class="button secondary" href={`/${w.plural}/${posting.id}/edit`}>
              <Bi ja="編集" en="Edit" />
            </a>
            <ActionButton
              action={`/${w.plural}/${posting.id}/close`}
              kind="danger"
              label={<Bi ja="締め切る" en="Close" />}
              confirm={{ ja: `「${posting.title}」を締め切りますか？`, en: `Close “${posting.title}”?` }}
            />
          </div>
        ) : null}
        {posting.status === 'open' && !insider ? (
          <div class="actions">
            <a class="button" href={`/${w.plural}/${posting.id}/interest`}>
              <Bi
                {...(kind === 'offer' && (posting as Offer).openCall ? APPLY_WORDS : INTEREST_WORDS[kind])}
              />
            </a>
          </div>
        ) : null}
        {posting.status === 'open' && actor.secretariatOf.has(posting.platformId) ? (
          <div class="actions">
            <a class="button secondary" href={`/${w.plural}/${posting.id}/introduce`}>
              <Bi ja="事務局としてつなぐ" en="Introduce as the secretariat" />
            </a>
          </div>
        ) : null}
        {introductions ? (
          <IntroductionsOfPosting kind={kind} posting={posting} found={introductions} />
        ) : null}
        {editor ? (
          <p>
            <a href={`/organizations/${posting.organizationId}/${w.plural}`}>
              <Bi ja={`${org.name}の${w.ja}の一覧`} en="All of them" />
            </a>
          </p>
        ) : null}
      </Page>,
    );
  });
}
