import { Hono } from 'hono';
import { DomainError, inviterOf, ORG_ROLE_LABELS, termsConsentInputSchema } from '#domain';
import { displayDate } from '#mail';
import { signOut } from '../../auth';
import type { AppEnv } from '../../env';
import { acceptInvitation, type InvitationPreview, previewInvitation } from '../../invitations';
import { setSessionCookie } from '../../session';
import { afterSignIn } from '../auth';
import { ActionButton, Form, type FormErrors } from '../forms';
import { inLanguage } from '../language';
import { Bi, Notice, Page, Title } from '../layout';
import { CONSENT_REQUIRED, ConsentField, consentOf } from '../legal/document';
import { anonymousCsrfOk, render, useView } from '../view';

// The page behind the link in an invitation mail. GET only shows who invites whom to what (mail
// scanners follow links); the button POSTs. Accepting signs in as the invited address (the link
// proves the mailbox), so someone else signed in in this browser is told first, and signed out
// when the invitee accepts: the invitation never attaches to the wrong account.

const STALE =
  'ページの有効期限が切れました。招待のメールのリンクから、もう一度開いてください。 This page expired; open the link in the email again.';

function Gone({ detail }: { detail: string }) {
  return (
    <Page title="招待のリンクが使えません" titleEn="This invitation does not work">
      <Title ja="招待のリンクが使えません" en="This invitation does not work" />
      <p class="error">{detail}</p>
      <p class="note">
        <Bi
          ja="すでに参加済みの場合は、サインインすると団体のページを開けます。"
          en="If you already joined, sign in to see the organisation."
        />
      </p>
      <p>
        <a class="button secondary" href="/auth/sign-in">
          <Bi ja="サインイン" en="Sign in" />
        </a>
      </p>
    </Page>
  );
}

function AcceptPage({
  token,
  preview,
  errors = {},
}: {
  token: string;
  preview: InvitationPreview;
  errors?: FormErrors;
}) {
  const { auth } = useView();
  const { invitation, organizationName } = preview;
  const role = ORG_ROLE_LABELS[invitation.role];
  const inviter = inviterOf(invitation.invitedBy);
  const expires = new Date(invitation.endsAt * 1000).toISOString();
  const someoneElse =
    auth && auth.actor.person.email !== invitation.email ? auth.actor.person.email : undefined;
  return (
    <Page title="団体へのご招待" titleEn="Invitation">
      <Title ja="団体へのご招待" en="You are invited" />
      <p>
        <Bi
          ja={`${inviter.ja}から、団体「${organizationName}」へのご招待です。`}
          en={`${inviter.en} invites you to join “${organizationName}”.`}
        />
      </p>
      <dl class="facts">
        <dt>
          <Bi ja="団体" en="Organisation" />
        </dt>
        <dd>{organizationName}</dd>
        <dt>
          <Bi ja="招待されたメールアドレス" en="Invited address" />
        </dt>
        <dd>{invitation.email}</dd>
        <dt>
          <Bi ja="役割" en="Role" />
        </dt>
        <dd>
          <Bi ja={`${role.ja}：${role.canJa}`} en={`${role.en}: ${role.canEn}`} />
        </dd>
        <dt>
          <Bi ja="有効期限" en="Expires" />
        </dt>
        <dd>
          <Bi ja={displayDate(expires, 'ja')} en={displayDate(expires, 'en')} />
        </dd>
      </dl>
      {someoneElse ? (
        <Notice kind="error">
          <p>
            <Bi
              ja={`このブラウザでは、いま ${someoneElse} としてサインインしています。この招待は ${invitation.email} あてです。`}
              en={`You are signed in as ${someoneElse}, but this invitation is for ${invitation.email}.`}
            />
          </p>
          <p>
            <Bi
              ja={`「参加する」を押すと、${someoneElse} からサインアウトし、${invitation.email} としてサインインして参加します。${someoneElse} のまま続けたい場合は、参加しないでこのページを閉じてください。`}
              en={`“Join” signs you out as ${someoneElse} and signs you in as ${invitation.email}. To stay as ${someoneElse}, close this page without joining.`}
            />
          </p>
        </Notice>
      ) : (
        <p>
          <Bi
            ja={`「参加する」を押すと、${invitation.email} としてサインインし、この団体のメンバーになります。初めての方は、このまま登録されます（パスワードは不要です）。`}
            en={`“Join” signs you in as ${invitation.email} and adds you to the organisation; new people sign up on the way (no password).`}
          />
        </p>
      )}
      <Form action="/invitations/accept" errors={errors}>
        <input type="hidden" name="token" value={token} />
        <ConsentField />
        <p class="actions">
          <button type="submit">
            {someoneElse ? (
              <Bi ja={`${invitation.email} として参加する`} en={`Join as ${invitation.email}`} />
            ) : (
              <Bi ja="参加する" en="Join" />
            )}
          </button>
        </p>
      </Form>
      {someoneElse ? (
        <ActionButton
          action="/auth/sign-out"
          kind="secondary"
          label={<Bi ja={`${someoneElse} からサインアウトする`} en={`Sign out ${someoneElse}`} />}
        />
      ) : null}
      <p class="note">
        <Bi
          ja="参加しない場合は、何もせずにこのページを閉じてください。何も登録されません。"
          en="Not joining? Just close this page: nothing is registered."
        />
      </p>
    </Page>
  );
}

export const invitationPages = new Hono<AppEnv>()
  .get('/invitations/accept', async (c) => {
    const token = c.req.query('token') ?? '';
    try {
      return render(c, <AcceptPage token={token} preview={await previewInvitation(c.var.ctx, token)} />);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 410) throw error;
      return render(c, <Gone detail={error.detail} />, 410);
    }
  })
  .post('/invitations/accept', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    // Signed in, the session's CSRF token was checked on the way in; before that, the
    // double-submit one (so nobody can make a browser accept their own invitation).
    const auth = c.var.auth;
    if (!auth && !anonymousCsrfOk(c, form)) {
      return render(
        c,
        <Page title="もう一度お試しください" titleEn="Please try again">
          <Title ja="もう一度お試しください" en="Please try again" />
          <p>
            <Bi ja={inLanguage('ja', STALE)} en={inLanguage('en', STALE)} />
          </p>
        </Page>,
        403,
      );
    }
    try {
      // Joining may make an account: the page always asks for agreement to the terms (whether
      // the address has an account is not for the page to tell).
      const consent = termsConsentInputSchema.safeParse(consentOf(form as Record<string, string>));
      if (!consent.success) {
        const preview = await previewInvitation(c.var.ctx, token);
        const detail = consentOf(form as Record<string, string>)
          ? (consent.error.issues[0]?.message ?? CONSENT_REQUIRED)
          : CONSENT_REQUIRED;
        return render(c, <AcceptPage token={token} preview={preview} errors={{ consent: detail }} />, 400);
      }
      const accepted = await acceptInvitation(c.var.ctx, token, consent.data);
      // This browser is now the invitee's; whoever was signed in here is signed out.
      if (auth) await signOut(c.var.ctx, auth.session);
      setSessionCookie(c, accepted.token, accepted.expiresAt);
      return c.redirect(
        afterSignIn(
          accepted.person,
          `/organizations/${accepted.organizationId}${accepted.joined ? '?joined=1' : ''}`,
        ),
        303,
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 410) throw error;
      return render(c, <Gone detail={error.detail} />, 410);
    }
  });
