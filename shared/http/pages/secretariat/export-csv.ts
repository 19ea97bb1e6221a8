import {
  COLLABORATION_LABELS,
  collaborationOf,
  fieldLabel,
  isTypedKind,
  MATCH_STATUS_LABELS,
  municipality,
  type Need,
  NO_TYPE_LABEL,
  type Platform,
  typesLabel,
} from '#domain';
import { auditedCsv } from './csv';
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
  '種類',
  '都道府県',
  '市区町村',
  '適合度(%)',
  '連携の状況',
  '見送りの理由',
  'ID',
];

/** A side's posting title; a side that wrote without a posting of its own (関心がある) says so. */
const titleOf = (id: string | undefined, posting: { title: string } | undefined) =>
  id ? (posting?.title ?? '') : '（掲載なし）';

/** The need's types as the statistics count them: none stated says so; other kinds have none. */
const typesOf = (need: Need) => typesLabel(need, 'ja') ?? (isTypedKind(need.kind) ? NO_TYPE_LABEL.ja : '');

/** Every introduction of the platform, organisation-level only: no person's name or email. */
export async function exportCsv(c: C, platform: Platform): Promise<Response> {
  const { store } = c.var.ctx;
  const pairs = await store.matches.pairsOf(platform.id);
  const matches = await store.matches.getMany(pairs.map((p) => p.matchId));
  const [needs, offers] = await Promise.all([
    store.needs.getMany(matches.flatMap((m) => m.needId ?? [])),
    store.offers.getMany(matches.flatMap((m) => m.offerId ?? [])),
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
      const need = m.needId ? needById.get(m.needId) : undefined;
      const state = collaborationOf(pairByMatch.get(m.id) ?? { status: m.status, outcomes: {} });
      return [
        date(m.createdAt),
        MATCH_STATUS_LABELS[m.status].ja,
        titleOf(m.needId, need),
        orgName.get(m.needOrganizationId) ?? '',
        titleOf(m.offerId, m.offerId ? offerById.get(m.offerId) : undefined),
        orgName.get(m.offerOrganizationId) ?? '',
        need ? need.fields.map((f) => fieldLabel(f, 'ja')).join('、') : '',
        need ? typesOf(need) : '',
        need ? prefectureName(need.location.prefecture) : '',
        need?.location.municipality ? (municipality(need.location.municipality)?.ja ?? '') : '',
        m.score === undefined ? '' : Math.round(m.score * 100),
        state ? COLLABORATION_LABELS[state].ja : '',
        m.declineReason ?? '',
        m.id,
      ];
    });
  return auditedCsv(c, platform.id, {
    name: 'introductions',
    action: 'export.introductions',
    header: CSV_HEADER,
    rows,
  });
}
