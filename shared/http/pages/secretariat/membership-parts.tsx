import type { Child } from 'hono/jsx';
import { LEGAL_FORMS, type Organization, type Platform, regionLabel } from '#domain';
import { Bi } from '../layout';
import { useView } from '../view';

// Pieces of the memberships page: an organisation's facts, a row's error, the tier form.

export const tierLabel = (platform: Platform, tier: string) => {
  const t = platform.tiers.find((x) => x.id === tier);
  return t ? <Bi ja={t.ja} en={t.en} /> : tier;
};

export const placeOf = (org: Organization) =>
  regionLabel(org.location.municipality ?? org.location.prefecture, 'ja');

export function OrganizationFacts(props: { org: Organization | undefined; children: Child }) {
  const { org } = props;
  return (
    <dl class="facts">
      {org ? (
        <>
          <dt>
            <Bi ja="法人格" en="Legal form" />
          </dt>
          <dd>{LEGAL_FORMS[org.legalForm].ja}</dd>
          <dt>
            <Bi ja="所在地" en="Place" />
          </dt>
          <dd>{placeOf(org)}</dd>
          {org.description ? (
            <>
              <dt>
                <Bi ja="団体の紹介" en="About" />
              </dt>
              <dd class="pre-line">{org.description}</dd>
            </>
          ) : null}
        </>
      ) : null}
      {props.children}
    </dl>
  );
}

export function RowError({ message }: { message: string | undefined }) {
  return message ? (
    <p class="field-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** A tier select and a button: approve with a tier, or change the tier of a member. */
export function DecisionForm(props: {
  action: string;
  platform: Platform;
  selectId: string;
  tier: string;
  label: Child;
  version?: number;
  kind?: 'primary' | 'secondary';
  visibleLabel?: boolean;
  ariaLabel?: string;
}) {
  const { csrf } = useView();
  return (
    <form method="post" action={props.action} class="decision">
      <input type="hidden" name="_csrf" value={csrf} />
      {props.version !== undefined ? (
        <input type="hidden" name="version" value={String(props.version)} />
      ) : null}
      {props.visibleLabel ? (
        <label for={props.selectId}>
          <Bi ja="会員区分" en="Tier" />
        </label>
      ) : null}
      <select id={props.selectId} name="tier" aria-label={props.visibleLabel ? undefined : props.ariaLabel}>
        {props.platform.tiers.map((t) => (
          <option value={t.id} selected={t.id === props.tier}>
            <Bi ja={t.ja} en={t.en} />
          </option>
        ))}
      </select>
      <button type="submit" class={props.kind ?? 'primary'}>
        {props.label}
      </button>
    </form>
  );
}

/**
 * Declining an application: an optional reason, mailed to the applicant as typed, and a button
 * worded as declining (お断り), not as a suspension.
 */
export function DeclineForm(props: {
  action: string;
  organizationId: string;
  organizationName: string;
  reason?: string;
}) {
  const { csrf, lang } = useView();
  const id = `reason-${props.organizationId}`;
  return (
    <form method="post" action={props.action} class="decision decline">
      <input type="hidden" name="_csrf" value={csrf} />
      <label for={id}>
        <Bi
          ja="お断りの理由（任意・申請団体へのメールに記載されます）"
          en="Reason (optional; included in the mail to the applicant)"
        />
      </label>
      <textarea id={id} name="reason" rows={3} maxlength={1000}>
        {props.reason ?? ''}
      </textarea>
      <button
        type="submit"
        class="danger"
        data-confirm={
          lang === 'en'
            ? `Decline the application of ${props.organizationName}? The applicant is told by mail.`
            : `${props.organizationName} の参加申請をお断りします。申請団体にメールでお知らせします。よろしいですか？`
        }
      >
        <Bi ja="お断りする" en="Decline" />
      </button>
    </form>
  );
}
