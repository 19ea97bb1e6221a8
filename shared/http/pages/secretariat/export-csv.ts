import {
  COLLABORATION_LABELS,
  collaborationOf,
  fieldLabel,
  MATCH_STATUS_LABELS,
  municipality,
  type Platform,
  tokyoDate,
} from '#domain';
import { recordAudit } from '../../audit';
import { toCsv } from './csv';
import { type C, date } from './frame';
import { prefectureName } from './stats';

// Every introduction of the platform as CSV, for the secretariat's spreadsheet.

const CSV_HEADER = [
  '提案日',
  '状態',
  'ニーズ',
  'ニーズの団体',
  '支援の申し出',
  '申し出の団体',
  '分野',
  '都道府県',
  '市区町村',
  '適合度(%)',
  '連携の状況',
  '見送りの理由',
  'ID',
];

/** Every introduction of the platform, organisation-level only: no person's name or email. */
export async function exportCsv(c: C, platform: Platform): Promise<Response> {
  const { store } = c.var.ctx;
  const pairs = await store.matches.pairsOf(platform.id);
  const matches = await store.matches.getMany(pairs.map((p) => p.matchId));
  const [needs, offers] = await Promise.all([
    store.needs.getMany(matches.map((m) => m.needId)),
    store.offers.getMany(matches.map((m) => m.offerId)),
  ]);
  const orgs = await store.organizations.getMany(
    matches.flatMap((m) => [m.needOrganizationId, m.offerOrganizationId]),
  );
  const needById = new Map(needs.map((x) => [x.id, x]));
  const offerById = new Map(offers.map((x) => [x.id, x]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const pairByMatch = new Map(pairs.map((p) => [p.matchId, p]));
  const rows = [...matches]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((m) => {
      const need = needById.get(m.needId);
      const state = collaborationOf(pairByMatch.get(m.id) ?? { status: m.status, outcomes: {} });
      return [
        date(m.createdAt),
        MATCH_STATUS_LABELS[m.status].ja,
        need?.title ?? '',
        orgName.get(m.needOrganizationId) ?? '',
        offerById.get(m.offerId)?.title ?? '',
        orgName.get(m.offerOrganizationId) ?? '',
        need ? need.fields.map((f) => fieldLabel(f, 'ja')).join('、') : '',
        need ? prefectureName(need.location.prefecture) : '',
        need?.location.municipality ? (municipality(need.location.municipality)?.ja ?? '') : '',
        Math.round(m.score * 100),
        state ? COLLABORATION_LABELS[state].ja : '',
        m.declineReason ?? '',
        m.id,
      ];
    });
  const day = tokyoDate(c.var.ctx.now()).replaceAll('-', '');
  const filename = `tsunagu-${platform.id}-introductions-${day}.csv`;
  // Recorded before the file is handed out: no export leaves without its entry in the audit log.
  await recordAudit(c, platform.id, {
    action: 'export.introductions',
    target: { kind: 'export', id: filename },
    detail: { rows: rows.length },
  });
  return c.body(toCsv([CSV_HEADER, ...rows]), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
}
