import { type Actor, MEMBERSHIP_STATUS_LABELS, type Platform } from '#domain';
import type { Problem } from '../../problem';
import { ChoiceGroup, Form, type FormErrors, type FormValues, SelectField, TextArea } from '../forms';
import { Bi, Page, Title } from '../layout';
import { render } from '../view';
import { ConsentFields, QuestionFields, TierDescriptions } from './application-fields';
import { applyingOrganizations, type C, canApply } from './common';

// The form an organisation applies to a platform with (its owners and editors).

type FormStatus = 200 | 400 | 403 | 404 | 409 | 413 | 429;

/** The longest note to the secretariat (membership.ts: `message`). */
const MESSAGE_MAX = 500;

/**
 * How many characters the text area `id` holds out of `max`, as typed so far; the page's script
 * keeps the number current while typing (the `<id>-count` element).
 */
function CharCount(props: { id: string; value: FormValues[string]; max: number }) {
  const typed = typeof props.value === 'string' ? props.value.length : 0;
  return (
    <span class="char-count">
      <span id={`${props.id}-count`}>{typed}</span> / {props.max} <Bi ja="文字" en="characters" />
    </span>
  );
}

export const formStatus = (problem: Problem): FormStatus =>
  ([400, 403, 404, 409, 413, 429] as const).find((s) => s === problem.status) ?? 400;

export async function joinPage(
  c: C,
  actor: Actor,
  platform: Platform,
  values?: FormValues,
  errors: FormErrors = {},
  status: FormStatus = 200,
) {
  const [orgs, form] = await Promise.all([
    applyingOrganizations(c, actor),
    c.var.ctx.store.applicationForms.get(platform.id, c.var.ctx.now().toISOString()),
  ]);
  const memberships = new Map(
    (await Promise.all(orgs.map((o) => c.var.ctx.store.memberships.get(platform.id, o.id)))).flatMap((m) =>
      m ? [[m.organizationId, m]] : [],
    ),
  );
  const asked = c.req.query('organization');
  const shown = values ?? {
    organizationId: (orgs.find((o) => o.id === asked) ?? orgs.find((o) => canApply(memberships.get(o.id))))
      ?.id,
    // Nothing is chosen for the applicant, unless there is nothing to choose.
    tier: platform.tiers.length === 1 ? platform.tiers[0]?.id : undefined,
  };
  const options = orgs.map((o) => {
    const m = memberships.get(o.id);
    return {
      value: o.id,
      label: m ? `${o.name}（${MEMBERSHIP_STATUS_LABELS[m.status].ja}）` : o.name,
    };
  });
  return render(
    c,
    <Page title={`${platform.name}に参加を申し込む`} titleEn="Apply to join">
      <p class="note">
        <a href={`/platforms/${platform.id}`}>{platform.name}</a>
      </p>
      <Title ja="参加を申し込む" en="Apply to join" />
      {orgs.length === 0 ? (
        <>
          <p>
            <Bi
              ja="申し込めるのは、団体の管理者か編集者です。まず団体を登録してください。"
              en="Owners and editors of an organisation can apply. First register your organisation."
            />
          </p>
          <p>
            <a class="button" href="/organizations/new">
              <Bi ja="団体を登録する" en="Register an organisation" />
            </a>
          </p>
        </>
      ) : (
        <>
          <p>
            <Bi
              ja="申し込むと、プラットフォームの事務局が確認して承認します。承認されると、ニーズや支援の申し出を掲載できます。"
              en="The secretariat reviews the application. Once approved, you can post needs and offers."
            />
          </p>
          <Form action={`/platforms/${platform.id}/join`} values={shown} errors={errors}>
            <SelectField
              name="organizationId"
              ja="申し込む団体"
              en="Organisation"
              required
              options={options}
            />
            <TierDescriptions platform={platform} />
            <ChoiceGroup
              name="tier"
              type="radio"
              ja="会員区分"
              en="Tier"
              required
              options={platform.tiers.map((t) => ({ value: t.id, label: t.ja, en: t.en }))}
            />
            <QuestionFields form={form} />
            <TextArea
              name="message"
              ja="事務局へのひとこと"
              en="A note to the secretariat"
              rows={6}
              maxlength={MESSAGE_MAX}
              hint={
                <>
                  <Bi
                    ja={`活動の様子や、参加したい理由など。改行できます。${MESSAGE_MAX}文字まで。`}
                    en={`What you do and why you want to join; line breaks are fine. Up to ${MESSAGE_MAX} characters.`}
                  />{' '}
                  <CharCount id="f-message" value={shown.message} max={MESSAGE_MAX} />
                </>
              }
            />
            <ConsentFields form={form} />
            <p class="actions">
              <button type="submit">
                <Bi ja="申し込む" en="Apply" />
              </button>
              <a href={`/platforms/${platform.id}`}>
                <Bi ja="やめる" en="Cancel" />
              </a>
            </p>
          </Form>
        </>
      )}
    </Page>,
    status,
  );
}
