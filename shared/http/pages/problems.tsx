import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { isProblemType, PROBLEM_TYPES, type ProblemType } from '#domain';
import type { AppEnv } from '../env';
import { problemType } from '../problem';
import { Bi, Page, Title } from './layout';
import { render } from './view';

// What each problem `type` means: the URI of every problem+json answer is
// `<APP_URL>/problems/<type>` (shared/http/problem.ts), and it resolves to this page, for the
// developer who meets it. /problems lists them all; an unknown type is "not found".

/** Text with `code` in backticks, as code. */
function Text({ text }: { text: string }) {
  return <>{text.split('`').map((part, i): Child => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

function Explanation({ type }: { type: ProblemType }) {
  const info = PROBLEM_TYPES[type];
  return (
    <p>
      <Bi ja={<Text text={info.explanation.ja} />} en={<Text text={info.explanation.en} />} />
    </p>
  );
}

const TYPES = Object.keys(PROBLEM_TYPES) as ProblemType[];

export const problemPages = new Hono<AppEnv>()
  .get('/problems', (c) =>
    render(
      c,
      <Page title="エラーの種類" titleEn="Problem types">
        <Title ja="エラーの種類" en="Problem types" />
        <p>
          <Bi
            ja={
              <>
                API はエラーを RFC 9457 の problem+json で返します。その <code>type</code>{' '}
                は、このページの項目のアドレスです。
              </>
            }
            en={
              <>
                The API answers errors as RFC 9457 problem+json; each <code>type</code> is the address of one
                of these entries.
              </>
            }
          />
        </p>
        {TYPES.map((type) => (
          <section id={type}>
            <h2>
              <Bi ja={PROBLEM_TYPES[type].name.ja} en={PROBLEM_TYPES[type].name.en} />
            </h2>
            <p>
              <code>{PROBLEM_TYPES[type].status}</code> <a href={`/problems/${type}`}>{type}</a>
            </p>
            <Explanation type={type} />
          </section>
        ))}
      </Page>,
    ),
  )
  .get('/problems/:type', (c) => {
    const type = c.req.param('type');
    if (!isProblemType(type)) return c.notFound();
    const info = PROBLEM_TYPES[type];
    return render(
      c,
      <Page title={info.name.ja} titleEn={info.name.en}>
        <Title ja={info.name.ja} en={info.name.en} />
        <dl>
          <dt>
            <Bi ja="HTTP ステータス" en="HTTP status" />
          </dt>
          <dd>
            <code>{info.status}</code>
          </dd>
          <dt>
            <code>type</code>
          </dt>
          <dd>
            <code>{problemType(c.var.ctx.config.appUrl, type)}</code>
          </dd>
        </dl>
        <Explanation type={type} />
        <p>
          <a href="/problems">
            <Bi ja="エラーの種類の一覧" en="All problem types" />
          </a>
        </p>
      </Page>,
    );
  });
