import {
  type Actor,
  type FieldSlug,
  fieldLabel,
  isMunicipalityCode,
  isPrefectureCode,
  type Offer,
  regionLabel,
  requireOrgRole,
} from '#domain';
import { ApiProblem } from '../../problem';
import { callApi, errorsOf, type FormErrors, type FormValues, formValues } from '../forms';
import { signedInPage } from '../guard';
import { render } from '../view';
import { FormPage } from './form';
import { capacityInputs, postingBody, valuesOf } from './form-data';
import { repoOf } from './load';
import { type C, type Posting, type PostingKind, WORDS } from './words';

// Edit and close a posting (its organisation's editors); after a version conflict the form
// shows what is saved now where it differs from what was typed.

const LABELS: Record<string, string> = {
  title: 'タイトル',
  description: '内容',
  fields: '分野',
  targetGroups: '届けたい人',
  'location.prefecture': '都道府県',
  'location.municipality': '市区町村',
  onlineOk: 'オンライン可',
  'period.start': '開始日',
  'period.end': '終了日',
  slots: '受け入れ枠',
  introductionsPerRound: '1回のご提案の数',
  conditions: '条件',
  'serviceArea.nationwide': '全国',
  'serviceArea.online': 'オンライン',
  'serviceArea.blocks': '地方',
  'serviceArea.prefectures': '都道府県',
  'serviceArea.municipalities': '市区町村',
};

/** The saved value of each field the form shows, where it differs from what was typed. */
function differences(side: PostingKind, saved: Posting, typed: FormValues): [string, string][] {
  const stored = valuesOf(saved);
  const labels = {
    ...LABELS,
    ...Object.fromEntries(capacityInputs(saved.kind, side).map((i) => [`capacity.${i.key}`, i.ja])),
    'capacity.unit': '単位',
  };
  const norm = (v: string | string[] | undefined) =>
    Array.isArray(v) ? [...v].sort().join('、') : (v ?? '');
  return Object.entries(labels).flatMap(([path, label]) => {
    const now = norm(stored[path]);
    if (now === norm(typed[path])) return [];
    const shown = Array.isArray(stored[path])
      ? (stored[path] as string[])
          .map((v) => (path === 'fields' ? readableField(v) : isRegion(v) ? regionLabel(v, 'ja') : v))
          .join('、')
      : path.startsWith('location.') && now
        ? regionLabel(now, 'ja')
        : now === 'on'
          ? 'はい'
          : now;
    return [[label, shown] as [string, string]];
  });
}

const readableField = (slug: string) =>
  slug === 'any' ? 'すべての分野' : fieldLabel(slug as FieldSlug, 'ja');
const isRegion = (code: string) => isPrefectureCode(code) || isMunicipalityCode(code);

async function editable(c: C, actor: Actor, side: PostingKind): Promise<Posting> {
  const posting = (await repoOf(c, side).require(c.req.param('id') ?? '')) as Posting;
  requireOrgRole(actor, posting.organizationId, 'editor');
  return posting;
}

async function EditPage(
  c: C,
  side: PostingKind,
  posting: Posting,
  values: FormValues,
  errors: FormErrors,
  status: 200 | 400 | 409,
  savedNow: [label: string, value: string][] = [],
) {
  const w = WORDS[side];
  const [org, platform] = await Promise.all([
    c.var.ctx.store.organizations.require(posting.organizationId),
    c.var.ctx.store.platforms.require(posting.platformId),
  ]);
  return render(
    c,
    <FormPage
      side={side}
      kind={posting.kind}
      action={`/${w.plural}/${posting.id}/edit`}
      values={values}
      errors={errors}
      title={`${w.ja}を編集する`}
      titleEn={`Edit ${w.en.toLowerCase()}`}
      platform={platform}
      orgName={org.name}
      submit={{ ja: '保存する', en: 'Save' }}
      cancel={`/${w.plural}/${posting.id}`}
      savedNow={savedNow}
    />,
    status,
  );
}
export function editPosting(side: PostingKind) {
  const w = WORDS[side];
  return {
    show: (c: C) =>
      signedInPage(c, async (actor) => {
        const posting = await editable(c, actor, side);
        if (posting.status === 'closed') return c.redirect(`/${w.plural}/${posting.id}`, 303);
        return EditPage(c, side, posting, valuesOf(posting), {}, 200);
      }),
    save: (c: C) =>
      signedInPage(c, async (actor) => {
        const posting = await editable(c, actor, side);
        const values = await formValues(c);
        if (values._refresh) return EditPage(c, side, posting, values, {}, 200);
        const { kind: _kind, ...content } = postingBody(side, posting.kind, values);
        const body = {
          ...content,
          description: typeof values.description === 'string' ? values.description : '',
          ...(side === 'offer'
            ? { conditions: typeof values.conditions === 'string' ? values.conditions : '' }
            : {}),
          version: Number(values._version),
          // The deadline emptied: an ordinary offer again.
          ...(side === 'offer' && content.openCall === undefined && (posting as Offer).openCall
            ? { openCall: null }
            : {}),
        };
        const result = await callApi<Posting>(c, 'PATCH', `/${w.plural}/${posting.id}`, body);
        if (!result.ok) {
          const errors = errorsOf(result.problem);
          if (result.problem.status === 409) {
            const current = (await repoOf(c, side).require(posting.id)) as Posting;
            errors['(root)'] =
              'この間に、ほかの方がこの内容を変更しました。下の「いま保存されている内容」と見比べてください。入力した内容はフォームに残っています。このまま保存すると、あなたの入力で上書きされます。 Someone else changed it meanwhile: compare with what is saved now; saving again keeps your version.';
            values._version = String(current.version);
            return EditPage(c, side, posting, values, errors, 409, differences(side, current, values));
          }
          return EditPage(c, side, posting, values, errors, 400);
        }
        return c.redirect(`/organizations/${posting.organizationId}/${w.plural}?done=saved`, 303);
      }),
    close: (c: C) =>
      signedInPage(c, async (actor) => {
        const posting = await editable(c, actor, side);
        const result = await callApi<Posting>(c, 'POST', `/${w.plural}/${posting.id}/close`);
        if (!result.ok) throw new ApiProblem(result.problem);
        return c.redirect(`/organizations/${posting.organizationId}/${w.plural}?done=closed`, 303);
      }),
  };
}
