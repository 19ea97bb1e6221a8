import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { type Actor, isSecretariat, NotFoundError, type Platform, tokyoDate } from '#domain';
import type { AppEnv } from '../../env';
import { ApiProblem, type Problem } from '../../problem';
import { signedInPage } from '../guard';
import { Bi, Page, Title } from '../layout';
import { useT, useView } from '../view';

// The frame of the secretariat's pages: the guard (anyone else gets "not found"), the page with
// its menu, the status of a re-rendered form, and the formatters the pages share.

export type C = Context<AppEnv>;

export const adminBase = (platformId: string) => `/platforms/${platformId}/admin`;
export const apiBase = (platformId: string) => `/platforms/${encodeURIComponent(platformId)}`;

/** Runs a page for the platform's secretariat; for anyone else the platform "does not exist". */
export function secretariatPage(
  c: C,
  page: (platform: Platform, actor: Actor) => Response | Promise<Response>,
): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const platformId = c.req.param('platformId') ?? '';
    if (!isSecretariat(actor, platformId)) throw new NotFoundError('platform');
    return page(await c.var.ctx.store.platforms.require(platformId), actor);
  });
}

export type FailureStatus = 400 | 409 | 429;

/** A failed API call as the status of a re-rendered form; anything else goes to the error page. */
export function failureStatus(problem: Problem): FailureStatus {
  if (problem.status === 400 || problem.status === 409 || problem.status === 429) return problem.status;
  throw new ApiProblem(problem);
}

const TOKYO_DATE_TIME = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
export const dateTime = (iso: string) => TOKYO_DATE_TIME.format(new Date(iso));
export const date = (iso: string) => tokyoDate(new Date(iso));
export const n = (x: number) => x.toLocaleString('ja-JP');

/** A whole number from the query string (counts in a notice), or undefined. */
export function countParam(c: C, name: string): number | undefined {
  const raw = c.req.query(name);
  return raw !== undefined && /^\d{1,7}$/.test(raw) ? Number(raw) : undefined;
}
export function AdminPage(props: { platform: Platform; ja: string; en: string; children: Child }) {
  const { path } = useView();
  const base = adminBase(props.platform.id);
  const links = [
    [base, 'ダッシュボード', 'Dashboard'],
    [`${base}/memberships`, '参加申請・会員', 'Members'],
    [`${base}/import`, '名簿の取り込み', 'Import members'],
    [`${base}/application-form`, '申込書', 'Application form'],
    [`${base}/news`, 'お知らせ', 'News'],
    [`${base}/stats`, '統計', 'Statistics'],
    [`${base}/audit`, '操作記録', 'Audit log'],
    [`${base}/contact`, '事務局の連絡先', 'Contact'],
  ] as const;
  return (
    <Page title={props.ja} titleEn={props.en}>
      <p class="note">
        {props.platform.name} ・ <Bi ja="事務局" en="Secretariat" />
      </p>
      <nav aria-label={useT()('事務局メニュー', 'Secretariat menu')}>
        <ul class="actions admin-nav">
          {links.map(([href, ja, en]) => (
            <li>
              <a href={href} aria-current={path === href ? 'page' : undefined}>
                <Bi ja={ja} en={en} />
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Title ja={props.ja} en={props.en} />
      {props.children}
    </Page>
  );
}
