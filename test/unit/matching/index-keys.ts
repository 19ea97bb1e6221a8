import {
  BLOCK_IDS,
  FIELD_SLUGS,
  fieldRelation,
  KIND_IDS,
  MUNICIPALITIES,
  type Need,
  type Offer,
  PREFECTURES,
} from '#domain';
import {
  REGION_KEYS,
  RK_BLOCK,
  RK_NATIONWIDE,
  RK_ONLINE,
  RK_PREF,
} from '../../../shared/matching/offer-index';
import { ANY_FIELD } from '../../../shared/matching/tables';

// The keys of the offer index (offer-index.ts), derived from the postings through the domain's
// own lists of places and fields, not the round's tables: the lists an offer is found in and
// the lists a need reads (docs/matching.md, "Candidates").

/** A prefecture's position in PREFECTURES (code order). */
export const prefIndex = (code: string) => PREFECTURES.findIndex((p) => p.code === code);

/** A municipality's city key: its position in MUNICIPALITIES, a ward's designated city's. */
export function cityKey(code: string): number {
  const m = MUNICIPALITIES.find((x) => x.code === code)!;
  return MUNICIPALITIES.findIndex((x) => x.code === (m.parent ?? m.code));
}

const key = (kind: string, place: number, fieldKeys: number, field: number) =>
  (KIND_IDS.indexOf(kind as (typeof KIND_IDS)[number]) * REGION_KEYS + place) * fieldKeys + field;

/** Whether a kind's field relation is a hard filter (the config's requireFieldRelation). */
export type FieldFilter = (kind: string) => boolean;
const everyKind: FieldFilter = () => true;

/** Every list an offer is in: each place it serves times each field it lists. */
export function offerKeys(o: Offer, fieldKeys: number): number[] {
  const a = o.serviceArea;
  const places = [
    ...new Set(a.municipalities.map(cityKey)),
    ...a.prefectures.map((code) => RK_PREF + prefIndex(code)),
    ...a.blocks.map((b) => RK_BLOCK + BLOCK_IDS.indexOf(b)),
    ...(a.nationwide ? [RK_NATIONWIDE] : []),
    ...(a.online ? [RK_ONLINE] : []),
  ];
  const fields =
    fieldKeys === 1 ? [0] : o.fields === 'any' ? [ANY_FIELD] : o.fields.map((f) => FIELD_SLUGS.indexOf(f));
  return places.flatMap((place) => fields.map((f) => key(o.kind, place, fieldKeys, f)));
}

/**
 * Every list a need reads, once: its municipality, prefecture and block, nationwide, online
 * when it accepts online support; times offers for any field, its own fields, and the fields
 * above or below them (every field where its kind does not filter by field).
 */
export function needKeys(n: Need, fieldKeys: number, filtered: FieldFilter = everyKind): number[] {
  const loc = n.location;
  const pref = PREFECTURES[prefIndex(loc.prefecture)]!;
  const places = [
    ...(loc.municipality === undefined ? [] : [cityKey(loc.municipality)]),
    RK_PREF + prefIndex(loc.prefecture),
    RK_BLOCK + BLOCK_IDS.indexOf(pref.block),
    RK_NATIONWIDE,
    ...(n.onlineOk ? [RK_ONLINE] : []),
  ];
  const related = FIELD_SLUGS.filter((f) =>
    n.fields.some((own) => own === f || fieldRelation(own, f) === 'parent_child'),
  ).map((f) => FIELD_SLUGS.indexOf(f));
  // Where the field only scores (the kind is not filtered), every field's list.
  const every = FIELD_SLUGS.map((_, i) => i);
  const fields = fieldKeys === 1 ? [0] : [ANY_FIELD, ...(filtered(n.kind) ? related : every)];
  return places.flatMap((place) => fields.map((f) => key(n.kind, place, fieldKeys, f)));
}
