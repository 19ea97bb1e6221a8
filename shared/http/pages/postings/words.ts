import type { Context } from 'hono';
import type { Need, Offer } from '#domain';
import type { AppEnv } from '../../env';

// The two sides (ニーズ and 支援の申し出), their words and statuses, and the types the pages share.

export type C = Context<AppEnv>;
export type PostingKind = 'need' | 'offer';
export type Posting = Need | Offer;

export const WORDS = {
  need: { ja: 'ニーズ', en: 'Need', plural: 'needs', ens: 'Needs' },
  offer: { ja: '支援の申し出', en: 'Offer', plural: 'offers', ens: 'Offers' },
} as const;

export const STATUS = {
  open: { ja: '受付中', en: 'Open' },
  closed: { ja: '終了', en: 'Closed' },
} as const;
