import type { Context } from 'hono';
import { NotFoundError, type Organization, type OrganizationInFull, regionLabel, ulidSchema } from '#domain';
import type { AppEnv } from '../../env';
import type { Problem } from '../../problem';

// What the organisation pages share: the organisation as the API shows it, the status of a
// re-rendered form, the id from the path, text with its line breaks, the place in words.

export type C = Context<AppEnv>;
export type FormStatus = 200 | 400 | 403 | 404 | 409 | 413 | 429;
/** What the API shows of an organisation: the contact person only to those who may see it. */
export type OrganizationView = Omit<OrganizationInFull, 'contact' | 'contactVerified'> &
  Partial<Pick<OrganizationInFull, 'contact' | 'contactVerified'>>;
export const formStatus = (problem: Problem): FormStatus =>
  ([400, 403, 404, 409, 413, 429] as const).find((s) => s === problem.status) ?? 400;

/** The id from the path, or "not found" for anything that cannot be an organisation id. */
export function orgIdOf(c: C): string {
  const id = c.req.param('id') ?? '';
  if (!ulidSchema.safeParse(id).success) throw new NotFoundError('organization');
  return id;
}
/** Text with its line breaks kept, without inline styles. */
export function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}

export const placeOf = (org: { location: Organization['location'] }, lang: 'ja' | 'en') =>
  regionLabel(org.location.municipality ?? org.location.prefecture, lang);

/** An organisation's description and website as the member lists show them (directory, roster). */
export function AboutAndWebsite({
  org,
}: {
  org: { description?: string | undefined; website?: string | undefined };
}) {
  return (
    <>
      {org.description ? (
        <p>
          <Lines text={org.description} />
        </p>
      ) : null}
      {org.website ? (
        <p>
          <a href={org.website} rel="noopener noreferrer nofollow">
            {org.website}
          </a>
        </p>
      ) : null}
    </>
  );
}
