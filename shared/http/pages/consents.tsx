import type { Context } from 'hono';
import { Hono } from 'hono';
import { type Actor, CONSENT_PURPOSE_LABELS, type Membership } from '#domain';
import { safeNext } from '../auth';
import type { AppEnv } from '../env';
import { consentsDueFor } from './consents-due';
import { callApi, errorsOf, Form, type FormErrors, type FormValues, formValues } from './forms';
import { signedInPage } from './guard';
import { Bi, Page, Title } from './layout';
import { ConsentField, consentsOf } from './platforms/application-fields';
import { render } from './view';

// Agreeing again: when a platform changes the text of a consent (a new version) or adds a
// required one, the owners and editors of its member organisations are sent here from any page
// (the page guard) until one of them agrees for the organisation; then on to where they were.

type C = Context<AppEnv>;

interface Failure {
  membership: Pick<Membership, 'platformId' | 'organizationId'>;
  values: FormValues;
  errors: FormErrors;
  status: 400 | 409 | 429;
}

async function consentsPage(c: C, actor: Actor, next: string, failure?: Failure): Promise<Response> {
  const due = await consentsDueFor(c, actor);
  if (due.length === 0) return c.redirect(next, 303);
  const store = c.var.ctx.store;
  const [platforms, orgs] = await Promise.all([
    store.platforms.getMany(due.map((d) => d.membership.platformId)),
    store.organizations.getMany(due.map((d) => d.membership.organizationId)),
  ]);
  const platformName = (id: string) => platforms.find((p) => p.id === id)?.name ?? id;
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  return render(
    c,
    <Page title="同意事項の確認" titleEn="Please review the consents">
      <Title ja="同意事項の確認" en="Please review the consents" />
      <p>
        <Bi
          ja="参加しているプラットフォームの同意事項が新しくなりました。内容をご確認のうえ、団体として同意してください。"
          en="A platform your organisation belongs to has updated what it asks its members to agree to. Please read it and agree for your organisation."
        />
      </p>
      {due.map(({ membership: m, due: consents }) => {
        const mine =
          failure?.membership.platformId === m.platformId &&
          failure.membership.organizationId === m.organizationId
            ? failure
            : undefined;
        return (
          <section class="card">
            <h2>
              {platformName(m.platformId)} ・ {orgName(m.organizationId)}
            </h2>
            <Form
              action={`/consents?next=${encodeURIComponent(next)}`}
              values={mine?.values}
              errors={mine?.errors}
            >
              <input type="hidden" name="_platformId" value={m.platformId} />
              <input type="hidden" name="_organizationId" value={m.organizationId} />
              {consents.map((consent) => {
                const before = m.consents?.find((r) => r.consentId === consent.id);
                return (
                  <div>
                    <h3>
                      <Bi {...CONSENT_PURPOSE_LABELS[consent.purpose]} />{' '}
                      <span class="note">
                        <Bi ja={`第${consent.version}版`} en={`version ${consent.version}`} />
                      </span>
                    </h3>
                    {before ? (
                      <details>
                        <summary>
                          <Bi
                            ja={`前に同意した文面（第${before.version}版）`}
                            en={`The text agreed before (version ${before.version})`}
                          />
                        </summary>
                        <p class="pre-line">
                          <Bi ja={before.text.ja} en={before.text.en ?? before.text.ja} />
                        </p>
                      </details>
                    ) : (
                      <p class="note">
                        <Bi ja="新しく加わった同意事項です。" en="This consent is new." />
                      </p>
                    )}
                    <ConsentField consent={consent} />
                  </div>
                );
              })}
              <p class="actions">
                <button type="submit">
                  <Bi ja="同意して続ける" en="Agree and continue" />
                </button>
              </p>
            </Form>
          </section>
        );
      })}
      <p class="note">
        <Bi
          ja="同意できない場合は、プラットフォームの事務局にご相談ください。閲覧のみの方には、このお願いは表示されません。"
          en="If you cannot agree, please contact the platform's secretariat. People who can only view an organisation are not asked."
        />
      </p>
    </Page>,
    failure?.status ?? 200,
  );
}

const nextOf = (c: C) => safeNext(c.req.query('next')) ?? '/';

export const consentPages = new Hono<AppEnv>()
  .get('/consents', (c) => signedInPage(c, (actor) => consentsPage(c, actor, nextOf(c))))
  .post('/consents', (c) =>
    signedInPage(c, async (actor) => {
      const values = await formValues(c);
      const platformId = typeof values._platformId === 'string' ? values._platformId : '';
      const organizationId = typeof values._organizationId === 'string' ? values._organizationId : '';
      const target = (await consentsDueFor(c, actor)).find(
        (d) => d.membership.platformId === platformId && d.membership.organizationId === organizationId,
      );
      if (!target) return c.redirect(`/consents?next=${encodeURIComponent(nextOf(c))}`, 303);
      const result = await callApi(
        c,
        'POST',
        `/platforms/${encodeURIComponent(platformId)}/memberships/${encodeURIComponent(organizationId)}/consents`,
        { consents: consentsOf(values, { consents: target.due }) },
      );
      if (result.ok) return c.redirect(`/consents?next=${encodeURIComponent(nextOf(c))}`, 303);
      const status = result.status === 409 || result.status === 429 ? result.status : 400;
      return consentsPage(c, actor, nextOf(c), {
        membership: target.membership,
        values,
        errors: errorsOf(result.problem),
        status,
      });
    }),
  );
