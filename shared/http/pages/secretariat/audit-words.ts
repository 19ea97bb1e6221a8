import {
  AUDIT_ACTION_LABELS,
  type AuditEntry,
  byLanguage,
  type Language,
  MEMBERSHIP_STATUS_LABELS,
  type MembershipStatus,
  type Platform,
} from '#domain';

// One audit entry as a sentence in the reader's language, e.g. 「山田 花子が「カフェ こもれび」の
// 参加を承認しました（会員区分: 会員）」. The page shows it; the CSV has the Japanese one.

/** Who did it: the name they had then, else their address. */
export const auditWho = (entry: AuditEntry) => entry.actor.name ?? entry.actor.email;

function tierName(platform: Platform, id: unknown, lang: Language): string {
  const tier = platform.tiers.find((t) => t.id === id);
  return tier ? byLanguage(lang, tier.ja, tier.en) : String(id ?? '');
}

function statusName(status: unknown, lang: Language): string {
  const label = MEMBERSHIP_STATUS_LABELS[status as MembershipStatus];
  return label ? byLanguage(lang, label.ja, label.en) : String(status ?? '');
}

/** A number in the reader's way of writing it. */
const count = (x: unknown, lang: Language) =>
  typeof x === 'number' ? x.toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP') : '0';

export function auditSentence(entry: AuditEntry, platform: Platform, lang: Language): string {
  const t = <V>(ja: V, en: V) => byLanguage(lang, ja, en);
  const who = auditWho(entry);
  const what = entry.target?.label ?? entry.target?.id ?? '';
  const d = entry.detail ?? {};
  const tier = (v: unknown) => tierName(platform, v, lang);
  const tierNote =
    entry.after?.tier !== undefined && entry.before?.tier !== undefined
      ? t(
          `（会員区分: ${tier(entry.before.tier)} → ${tier(entry.after.tier)}）`,
          ` (tier: ${tier(entry.before.tier)} → ${tier(entry.after.tier)})`,
        )
      : '';
  switch (entry.action) {
    case 'membership.approve':
      return t(`${who}が「${what}」の参加を承認しました`, `${who} approved ${what}`) + tierNote;
    case 'membership.decline':
      return (
        t(`${who}が「${what}」の参加申請を見送りました`, `${who} declined the application of ${what}`) +
        (typeof d.reason === 'string' && d.reason ? t(`（理由: ${d.reason}）`, ` (reason: ${d.reason})`) : '')
      );
    case 'membership.suspend':
      return t(`${who}が「${what}」の参加を一時停止しました`, `${who} suspended ${what}`);
    case 'membership.withdraw':
      return t(`${who}が「${what}」を退会の扱いにしました`, `${who} withdrew ${what} from the platform`);
    case 'membership.tier':
      return t(
        `${who}が「${what}」の会員区分を${tier(entry.before?.tier)}から${tier(entry.after?.tier)}に変更しました`,
        `${who} changed the tier of ${what} from ${tier(entry.before?.tier)} to ${tier(entry.after?.tier)}`,
      );
    case 'news.post':
      return t(`${who}がお知らせ「${what}」を掲載しました`, `${who} posted the news "${what}"`);
    case 'run.match':
      return d.skipped
        ? t(
            `${who}がマッチングを実行しました（前回から変化がなく、新しいご提案はありません）`,
            `${who} ran the matching (nothing had changed: no new introductions)`,
          )
        : t(
            `${who}がマッチングを実行しました（新しいご提案 ${count(d.written, lang)}件）`,
            `${who} ran the matching (${count(d.written, lang)} new introductions)`,
          );
    case 'run.digest':
      return t(
        `${who}が週のダイジェストを実行しました（${String(d.week ?? '')}、${count(d.planned, lang)}通）`,
        `${who} ran the weekly digest (${String(d.week ?? '')}, ${count(d.planned, lang)} mails)`,
      );
    case 'members.import':
      return t(
        `${who}が会員名簿「${what}」を取り込みました（新しい会員 ${count(d.new, lang)}団体、更新 ${count(d.changed, lang)}団体、招待メール ${count(d.invited, lang)}通）`,
        `${who} imported the member list "${what}" (${count(d.new, lang)} new, ${count(d.changed, lang)} updated, ${count(d.invited, lang)} invitations)`,
      );
    case 'members.register':
      return t(
        `${who}が「${what}」を会員として登録しました（サインインしない団体、会員区分: ${tier(d.tier)}）`,
        `${who} registered ${what} as a member (a group that does not sign in; tier: ${tier(d.tier)})`,
      );
    case 'members.delete':
      return t(
        `${who}が「${what}」（サインインしない団体）の情報を削除しました`,
        `${who} deleted ${what} (an organisation nobody of which signs in)`,
      );
    case 'match.introduce':
      return t(`${who}が${what}をご紹介しました`, `${who} introduced ${what}`);
    case 'secretariat.add':
      return t(`${who}が${what}を事務局に加えました`, `${who} added ${what} to the secretariat`);
    case 'platform.update':
      return t(
        `${who}がプラットフォームの設定を変更しました（${Object.keys(entry.after ?? {}).join('、')}）`,
        `${who} changed the platform's settings (${Object.keys(entry.after ?? {}).join(', ')})`,
      );
    case 'export.introductions':
      return t(
        `${who}がご提案の一覧をCSVで書き出しました（${count(d.rows, lang)}件）`,
        `${who} exported the introductions as CSV (${count(d.rows, lang)} rows)`,
      );
    case 'export.roster':
      return t(
        `${who}が会員名簿をCSVで書き出しました（${count(d.rows, lang)}団体）`,
        `${who} exported the roster as CSV (${count(d.rows, lang)} organisations)`,
      );
    case 'export.audit':
      return t(
        `${who}が操作記録をCSVで書き出しました（${count(d.rows, lang)}件）`,
        `${who} exported the audit log as CSV (${count(d.rows, lang)} rows)`,
      );
    default: {
      const label = AUDIT_ACTION_LABELS[entry.action as AuditEntry['action']];
      return `${who}: ${label ? t(label.ja, label.en) : entry.action} ${what}`.trim();
    }
  }
}

/** A value of before/after in the CSV: a tier or status by its Japanese name. */
export function auditValueText(key: string, value: unknown, platform: Platform): string {
  if (key === 'tier') return tierName(platform, value, 'ja');
  if (key === 'status') return statusName(value, 'ja');
  return value === null || value === undefined ? '' : String(value);
}
