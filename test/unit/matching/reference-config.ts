// The configuration the reference scorer reads (reference-scorer.ts), declared here rather than
// imported from shared/matching, so that the reference shares nothing with the kernel.

/** The parts of MatchingConfig this scorer reads (MatchingConfig is assignable to it). */
export interface RefConfig {
  readonly weights: {
    readonly field: number;
    readonly region: number;
    readonly capacity: number;
    readonly timing: number;
    readonly freshness: number;
  };
  readonly minScore: number;
  /** By kind. */
  readonly requireFieldRelation: Readonly<Record<string, boolean>>;
  readonly field: {
    readonly exact: number;
    readonly parentChild: number;
    readonly any: number;
    readonly siblings: number;
    readonly breadth: number;
  };
  readonly region: {
    readonly municipality: number;
    readonly prefecture: number;
    readonly neighbour: number;
    readonly block: number;
    readonly nationwide: number;
    readonly online: number;
  };
  readonly capacity: {
    readonly minCoverage: Readonly<
      Record<'funding' | 'venue' | 'employment' | 'volunteers' | 'skills' | 'goods' | 'publicity', number>
    >;
    readonly oversizeRatio: number;
    readonly oversizeExponent: number;
    readonly partial: number;
    readonly unknown: number;
  };
  readonly types: { readonly other: number; readonly unknown: number };
  readonly openEndedHorizonDays: number;
  readonly freshnessHalfLifeDays: number;
}
