import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../env';
import type { Problem } from '../problem';
import { inLanguage, languageOf } from './language';
import { Bi, Page, Title } from './layout';
import { render } from './view';

// Errors on pages are pages: a person who followed a link or sent a form sees what happened and
// what to do next, in the page's one language, never JSON and never a stack trace.

const WHAT: Record<number, { ja: string; en: string; next: string; nextEn: string }> = {
  400: {
    ja: '送信内容を読み取れませんでした',
    en: 'We could not read what was sent',
    next: '前のページに戻り、もう一度お試しください。',
    nextEn: 'Please go back and try again.',
  },
  401: {
    ja: 'サインインしてください',
    en: 'Please sign in',
    next: 'このページを見るにはサインインが必要です。',
    nextEn: 'You need to sign in to see this page.',
  },
  403: {
    ja: 'この操作はできません',
    en: 'This is not available to you',
    next: 'ページを開いてから時間がたった場合は、前のページに戻って再読み込みしてから、もう一度お試しください。',
    nextEn: 'If the page was open for a long time, go back, reload it and try again.',
  },
  404: {
    ja: 'ページが見つかりません',
    en: 'Page not found',
    next: 'お探しのページは見つからないか、閲覧する権限がありません。',
    nextEn: 'The page does not exist, or you cannot see it.',
  },
  409: {
    ja: '他の操作と重なりました',
    en: 'Something changed in the meantime',
    next: 'ページを再読み込みして、最新の内容を確かめてからもう一度お試しください。',
    nextEn: 'Reload the page to see the latest and try again.',
  },
  413: {
    ja: '送信内容が大きすぎます',
    en: 'Too much was sent',
    next: '文章を短くして、もう一度お試しください。',
    nextEn: 'Please shorten the text and try again.',
  },
  429: {
    ja: '短い時間に多くの操作がありました',
    en: 'Too many requests',
    next: 'しばらく待ってから、もう一度お試しください。',
    nextEn: 'Please wait a while and try again.',
  },
  503: {
    ja: 'ただいま一時的にご利用いただけません',
    en: 'Briefly unavailable',
    next: '混み合っているか、一時的に接続できません。少し時間をおいてから、もう一度お試しください。',
    nextEn: 'The service is busy or briefly unreachable. Please try again in a moment.',
  },
  500: {
    ja: '申し訳ありません。問題が発生しました',
    en: 'Sorry, something went wrong',
    next: '時間をおいてもう一度お試しください。解決しない場合は事務局にお問い合わせください。',
    nextEn: 'Please try again later. If it keeps happening, contact the secretariat.',
  },
};

/** Whether an error on this request should be a page rather than problem+json. */
export function wantsPage(c: Context<AppEnv>): boolean {
  const path = c.req.path;
  return (
    !path.startsWith('/v1/') &&
    path !== '/health' &&
    !path.startsWith('/assets/') &&
    !path.startsWith('/regions/')
  );
}

export function errorPage(c: Context<AppEnv>, problem: Problem) {
  const status = (
    WHAT[problem.status] ? problem.status : problem.status >= 500 ? 500 : 400
  ) as keyof typeof WHAT;
  const what = WHAT[status]!;
  const detail = problem.detail ? inLanguage(languageOf(c), problem.detail) : undefined;
  return render(
    c,
    <Page title={what.ja} titleEn={what.en}>
      <Title ja={what.ja} en={what.en} />
      {problem.status < 500 && detail && status !== 404 ? <p>{detail}</p> : null}
      <p>
        <Bi ja={what.next} en={what.nextEn} />
      </p>
      {status === 401 ? (
        <p>
          <a class="button" href={`/auth/sign-in?next=${encodeURIComponent(c.req.path)}`}>
            <Bi ja="サインイン" en="Sign in" />
          </a>
        </p>
      ) : (
        <p>
          <a href="/">
            <Bi ja="ホームへ" en="Home" />
          </a>
        </p>
      )}
      {problem.instance ? (
        <p class="note">
          <Bi ja="お問い合わせ番号" en="Reference" />: {problem.instance}
        </p>
      ) : null}
    </Page>,
    status as 400,
  );
}

/** A signed link that does not work (forged, cut short, used or expired): why, and where to go. */
export function InvalidLinkPage(props: { ja: string; en: string; children?: Child }) {
  return (
    <Page title="リンクが無効です" titleEn="This link does not work">
      <Title ja="リンクが無効です" en="This link does not work" />
      <p class="error">
        <Bi ja={props.ja} en={props.en} />
      </p>
      {props.children}
    </Page>
  );
}
