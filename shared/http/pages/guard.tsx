import type { Context } from 'hono';
import { type Actor, DomainError, hasCurrentConsent } from '#domain';
import type { AppEnv } from '../env';
import { ApiProblem } from '../problem';
import { SignInForm } from './auth';
import { consentsDueFor, consentsPath } from './consents-due';
import { errorPage } from './errors';
import { Bi, Page, Title } from './layout';
import { render } from './view';

type C = Context<AppEnv>;

/** Pages a person reaches without having agreed to the current terms: where they agree, or leave. */
const WITHOUT_CONSENT = new Set(['/consent', '/profile', '/account', '/account/delete', '/account/export']);

/**
 * Someone who has not agreed to the terms and privacy notice in force goes to agree first (a new
 * person with their name, on /profile; someone who agreed to an older version, on /consent) and
 * comes back here. Undefined when they may go on.
 */
export function consentGate(c: C, actor: Actor): Response | undefined {
  if (hasCurrentConsent(actor.person) || WITHOUT_CONSENT.has(c.req.path)) return undefined;
  const here = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search ?? '') : '/';
  const next = encodeURIComponent(here);
  return c.redirect(actor.person.name ? `/consent?next=${next}` : `/profile?next=${next}`, 303);
}

/**
 * Renders a page for the signed-in person. Signed out, the page asks them to sign in and
 * comes back here afterwards; what they may not see is "not found" (no hint that it exists).
 */
export async function signedInPage(
  c: C,
  page: (actor: Actor) => Response | Promise<Response>,
): Promise<Response> {
  const actor = c.var.auth?.actor;
  if (!actor) {
    const here = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search ?? '') : c.req.path;
    return render(
      c,
      <Page title="サインインしてください" titleEn="Please sign in">
        <Title ja="サインインしてください" en="Please sign in" />
        <p>
          <Bi
            ja="このページを見るにはサインインが必要です。ご提案への回答は、メールのボタンからサインインせずに行えます。"
            en="Please sign in to see this page. You can answer an introduction from the buttons in the email without signing in."
          />
        </p>
        <SignInForm next={here} />
      </Page>,
      401,
    );
  }
  const gate = consentGate(c, actor);
  if (gate) return gate;
  try {
    // Asked again for a changed consent before any page (but the one that asks).
    if (c.req.method === 'GET' && c.req.path !== '/consents' && (await consentsDueFor(c, actor)).length > 0)
      return c.redirect(consentsPath(c.req.path + (new URL(c.req.url).search ?? '')), 303);
    return await page(actor);
  } catch (error) {
    const status =
      error instanceof DomainError ? error.status : error instanceof ApiProblem ? error.problem.status : 0;
    if (status === 404 || status === 403) {
      return errorPage(c, {
        type: 'not-found',
        title: '見つかりません',
        status: 404,
        detail: '',
      });
    }
    throw error;
  }
}
