import {
  type Actor,
  activityAreaLabel,
  activityLabel,
  answerText,
  fieldLabel,
  isActivity,
  isFieldSlug,
  LEGAL_FORMS,
  municipality,
  type Platform,
} from '#domain';
import { rosterOf } from '../../roster';
import { auditedCsv } from './csv';
import type { C } from './frame';
import { prefectureName } from './stats';

// The roster as CSV for the secretariat's spreadsheet (issue 17.6): every approved member, its
// profile, its tier, whether it shares its contact (and the contact only if it does: this file
// is the roster, and it travels), and the answers to the platform's questions as columns.

export async function rosterCsv(c: C, platform: Platform, actor: Actor): Promise<Response> {
  const { ctx } = c.var;
  const [roster, form] = await Promise.all([
    rosterOf(ctx, actor, platform.id),
    ctx.store.applicationForms.get(platform.id, ctx.now().toISOString()),
  ]);
  const memberships = new Map(
    (await ctx.store.memberships.withStatus(platform.id, 'approved')).map((m) => [m.organizationId, m]),
  );
  const tierName = new Map(platform.tiers.map((t) => [t.id, t.ja]));
  const header = [
    '団体名',
    'フリガナ',
    '法人格',
    '都道府県',
    '市区町村',
    '活動分野',
    '活動内容',
    '活動地域',
    '会員区分',
    '名簿での情報共有',
    '担当者名',
    '担当者メールアドレス',
    '電話番号',
    '代表者名',
    ...form.questions.map((q) => q.ja),
    'ID',
  ];
  const rows = roster.items.map((o) => {
    const answers = memberships.get(o.organizationId)?.answers ?? [];
    return [
      o.name,
      o.nameKana,
      LEGAL_FORMS[o.legalForm].ja,
      prefectureName(o.location.prefecture),
      o.location.municipality ? (municipality(o.location.municipality)?.ja ?? '') : '',
      o.activityFields
        .filter(isFieldSlug)
        .map((f) => fieldLabel(f, 'ja'))
        .join('、'),
      o.activities
        .filter(isActivity)
        .map((a) => activityLabel(a, 'ja'))
        .join('、'),
      activityAreaLabel(o.activityArea, 'ja'),
      tierName.get(o.tier) ?? o.tier,
      o.sharesContact ? '同意' : '同意なし',
      o.contact?.name,
      o.contact?.email,
      o.phone,
      o.representative,
      ...form.questions.map((q) => {
        const answer = answers.find((a) => a.questionId === q.id);
        return answer ? answerText(answer, 'ja') : '';
      }),
      o.organizationId,
    ];
  });
  return auditedCsv(c, platform.id, { name: 'roster', action: 'export.roster', header: header, rows });
}
