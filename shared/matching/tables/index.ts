// Needs and offers turned into numbers, once per round, so that scoring a pair reads a few
// typed-array slots and allocates nothing. Each posting object is read once (ingest, in input
// order); sorting and reordering then move numbers only.
//
// dates.ts, ids.ts, taxonomy.ts and regions.ts turn values into numbers; id-space.ts numbers the
// organisations and platforms of a round; common.ts, need-table.ts and offer-table.ts read the
// postings (needs a column per value, offers a 64-byte record each); need-view.ts is one need,
// loaded once for all its candidate offers.
export * from './common';
export * from './dates';
export * from './id-space';
export * from './ids';
export * from './need-table';
export * from './need-view';
export * from './offer-table';
export * from './regions';
export * from './taxonomy';
export * from './types';
