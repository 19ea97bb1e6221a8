import type { AuditEntry, News } from '#domain';
import { auditOps } from './audit';
import { keys } from './keys';
import { type Page, type TableClient, withKeys } from './table-client';

/** One weekly digest run of a platform: its "new since" window, and what it planned. */
export interface DigestRun {
  platformId: string;
  week: string;
  since: string;
  until: string;
  plannedAt: string;
  recipients: number;
  planned: number;
  durationMs: number;
}

export function newsRepository(table: TableClient) {
  return {
    /** With `audit`, the action's entry is written in the same transaction. */
    async create(news: News, audit?: AuditEntry): Promise<void> {
      await table.put(withKeys('news', keys.news(news.platformId, news.id), {}, news), auditOps(audit));
    },

    list: (platformId: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<News>> =>
      table.page<News>({ pk: keys.newsOfPlatform(platformId).pk, ...page }),

    /** News posted in [since, until), oldest first. */
    async between(platformId: string, since: string, until: string): Promise<News[]> {
      const out: News[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.rawPage(
          { pk: keys.newsOfPlatform(platformId).pk, newestFirst: true },
          100,
          start,
        );
        for (const item of page.items) {
          const news = item as unknown as News;
          if (news.createdAt < since) return out.reverse();
          if (news.createdAt < until) out.push(news);
        }
        start = page.last;
      } while (start);
      return out.reverse();
    },
  };
}

export function digestRunRepository(table: TableClient) {
  return {
    get: (platformId: string, week: string) => table.get<DigestRun>(keys.digestRun(platformId, week)),

    /** The latest run before this week, if any. */
    async latestBefore(platformId: string, week: string): Promise<DigestRun | undefined> {
      const page = await table.rawPage(
        { pk: keys.digestRunsOfPlatform(platformId).pk, newestFirst: true },
        10,
        undefined,
      );
      return (page.items as unknown as DigestRun[]).find((r) => r.week < week);
    },

    async record(run: DigestRun): Promise<void> {
      await table.put(withKeys('digest-run', keys.digestRun(run.platformId, run.week), {}, run));
    },
  };
}
