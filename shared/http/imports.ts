import type { AppContext } from '#context';
import { type Actor, GoneError, type Platform, requireSecretariat, ValidationError } from '#domain';
import {
  countPlan,
  type ImportedRecord,
  type ImportMapping,
  type ImportTargetId,
  isImportTargetId,
  missingTargets,
  type PlanCounts,
  planRows,
  type RememberedMapping,
  type RowError,
  readRows,
  readTable,
  type SourceFormat,
  suggestMapping,
} from '#import';
import { epoch } from './auth';

// The member import (issue 17.7): a secretariat uploads its member list, sees what each column
// will mean and every row's errors before anything is written, then imports. Each new row becomes
// an organisation with an approved membership and an invitation to its contact person, in one
// transaction with the invitation's mail; a row imported before changes only what changed in it;
// the same file twice changes nothing and mails nobody (docs/web.md, "Importing members").

const UPLOAD_HOURS = 24;
/** The errors one preview lists; the count says how many there are. */
const ERRORS_SHOWN = 1000;

export interface ImportUpload {
  id: string;
  fileName?: string | undefined;
  format: SourceFormat;
  headers: string[];
  rowCount: number;
  /** The first guess of each column's meaning (remembered choices first). */
  mapping: ImportMapping;
  expiresAt: string;
}

export interface ImportChoice {
  mapping: (string | null)[];
  defaultTier?: string | undefined;
}

export interface ImportPreview extends PlanCounts {
  id: string;
  headers: string[];
  mapping: ImportMapping;
  defaultTier: string;
  rowCount: number;
  /** Rows with errors: left out of the import until they are fixed in the file. */
  invalid: number;
  errors: RowError[];
}

export interface ImportResult extends PlanCounts {
  id: string;
  invalid: number;
  invited: number;
  /** Rows another import of the same list wrote or changed meanwhile: left as that one made them. */
  skipped: number;
}

function defaultPrefectureOf(platform: Platform): string | undefined {
  const { prefectures, municipalities } = platform.scope;
  const all = new Set([...prefectures, ...municipalities.map((m) => m.slice(0, 2))]);
  return all.size === 1 ? [...all][0] : undefined;
}

/** Keeps an uploaded list for a day and answers what each column looks like it means. */
export async function uploadMemberList(
  ctx: AppContext,
  actor: Actor,
  platform: Platform,
  file: { bytes: Uint8Array; name?: string | undefined },
): Promise<ImportUpload> {
  requireSecretariat(actor, platform.id);
  const table = await readTable(file.bytes);
  const now = ctx.now();
  const id = ctx.newId();
  const validUntil = epoch(now) + UPLOAD_HOURS * 3600;
  const fileName = file.name?.slice(0, 200);
  const saved = await ctx.store.imports.saveUpload(
    {
      id,
      platformId: platform.id,
      ...(fileName ? { fileName } : {}),
      format: table.format,
      headers: table.headers,
      rowCount: table.rows.length,
      createdAt: now.toISOString(),
      createdBy: actor.person.id,
      validUntil,
    },
    table,
  );
  if (!saved) {
    throw new ValidationError([
      {
        path: 'file',
        message:
          'ファイルの内容が多すぎて保存できません。分けて取り込んでください。 The list is too large to keep; split it.',
      },
    ]);
  }
  const remembered = await rememberedMapping(ctx, platform.id);
  return {
    id,
    ...(fileName ? { fileName } : {}),
    format: table.format,
    headers: table.headers,
    rowCount: table.rows.length,
    mapping: suggestMapping(table.headers, remembered),
    expiresAt: new Date(validUntil * 1000).toISOString(),
  };
}

/** The platform's past column choices, without any a newer version no longer knows. */
export async function rememberedMapping(ctx: AppContext, platformId: string): Promise<RememberedMapping> {
  const pairs = await ctx.store.imports.mapping(platformId);
  return pairs.flatMap(([key, t]) => (t === null || isImportTargetId(t) ? [[key, t] as const] : []));
}

/** An upload as its preview page shows it: the file, and the first guess of each column. */
export async function importDraft(
  ctx: AppContext,
  actor: Actor,
  platform: Platform,
  importId: string,
): Promise<ImportUpload> {
  requireSecretariat(actor, platform.id);
  // The head is enough: the page reads the table once, for its preview.
  const head = await ctx.store.imports.uploadHead(platform.id, importId, epoch(ctx.now()));
  if (!head) throw importGone();
  return {
    id: head.id,
    ...(head.fileName ? { fileName: head.fileName } : {}),
    format: head.format as SourceFormat,
    headers: head.headers,
    rowCount: head.rowCount,
    mapping: suggestMapping(head.headers, await rememberedMapping(ctx, platform.id)),
    expiresAt: new Date(head.validUntil * 1000).toISOString(),
  };
}

const importGone = () =>
  new GoneError(
    'この取り込みは期限（24時間）が切れたか、見つかりません。ファイルをもう一度選んでください。 This upload has expired or does not exist; upload the file again.',
    'import-gone',
  );

/** The upload with its table (a preview, a run), or 410. */
async function uploaded(ctx: AppContext, platform: Platform, importId: string) {
  const found = await ctx.store.imports.upload(platform.id, importId, epoch(ctx.now()));
  if (!found) throw importGone();
  return found;
}

/** The mapping and tier chosen, checked against the file and the platform: 400 with field paths. */
function checkChoice(platform: Platform, headers: readonly string[], choice: ImportChoice) {
  const errors: { path: string; message: string }[] = [];
  if (choice.mapping.length !== headers.length) {
    errors.push({
      path: 'mapping',
      message: `列の数（${headers.length}）と同じ数だけ選んでください。 Choose one meaning per column (${headers.length}).`,
    });
  }
  const mapping: ImportMapping = choice.mapping.map((t, i) => {
    if (t === null || t === '') return null;
    if (isImportTargetId(t)) return t;
    errors.push({ path: `mapping.${i}`, message: '選べない項目です。 Unknown field.' });
    return null;
  });
  const seen = new Map<ImportTargetId, number>();
  mapping.forEach((t, i) => {
    if (t === null) return;
    const first = seen.get(t);
    if (first !== undefined) {
      errors.push({
        path: `mapping.${i}`,
        message: `「${headers[first]}」の列と同じ項目です。どちらか一方にしてください。 Also chosen for column "${headers[first]}".`,
      });
    } else seen.set(t, i);
  });
  const defaultTier = choice.defaultTier ?? platform.tiers[0]!.id;
  if (!platform.tiers.some((t) => t.id === defaultTier)) {
    errors.push({ path: 'defaultTier', message: '会員区分を選んでください。 Choose a tier.' });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return { mapping, defaultTier };
}

export async function planOf(ctx: AppContext, platform: Platform, importId: string, choice: ImportChoice) {
  const { head, table } = await uploaded(ctx, platform, importId);
  const { mapping, defaultTier } = checkChoice(platform, head.headers, choice);
  const { rows, errors } = readRows({ headers: head.headers, rows: table.rows }, mapping, {
    tiers: platform.tiers,
    defaultTier,
    defaultPrefecture: defaultPrefectureOf(platform),
  });
  const records: Map<string, ImportedRecord> = await ctx.store.imports.records(platform.id);
  return { head, mapping, defaultTier, plan: planRows(rows, records), errors };
}

export function missingError(mapping: ImportMapping) {
  const missing = missingTargets(mapping);
  if (missing.length === 0) return;
  const names: Record<string, string> = {
    name: '団体名',
    contactName: '担当者名',
    contactEmail: '担当者のメールアドレス',
    address: '所在地（住所）または都道府県',
  };
  throw new ValidationError(
    missing.map((any) => ({
      path: 'mapping',
      message: `「${names[any[0]!] ?? any[0]}」にあたる列を選んでください。 Choose the column for ${any.join(' or ')}.`,
    })),
  );
}

/** What importing would do with this mapping: counts and every row's errors. Writes nothing. */
export async function previewImport(
  ctx: AppContext,
  actor: Actor,
  platform: Platform,
  importId: string,
  choice: ImportChoice,
): Promise<ImportPreview> {
  requireSecretariat(actor, platform.id);
  const { head, mapping, defaultTier, plan, errors } = await planOf(ctx, platform, importId, choice);
  missingError(mapping);
  return {
    id: importId,
    headers: head.headers,
    mapping,
    defaultTier,
    rowCount: head.rowCount,
    ...countPlan(plan),
    invalid: new Set(errors.map((e) => e.line)).size,
    errors: errors.slice(0, ERRORS_SHOWN),
  };
}
