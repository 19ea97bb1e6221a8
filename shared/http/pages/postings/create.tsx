import { KINDS, type Kind, NotFoundError, type Platform } from '#domain';
import { callApi, errorsOf, type FormErrors, type FormValues, formValues } from '../forms';
import { signedInPage } from '../guard';
import { render } from '../view';
import { FormPage } from './form';
import { postingBody } from './form-data';
import { approvedPlatforms, requireEditableOrg } from './load';
import { type C, type Posting, type PostingKind, WORDS } from './words';

// New posting, step two: the form for the chosen kind, and its submission through the API.

export function CreateForm(props: {
  side: PostingKind;
  kind: Kind;
  platform: Platform;
  org: { id: string; name: string };
  values: FormValues;
  errors: FormErrors;
}) {
  const w = WORDS[props.side];
  return (
    <FormPage
      side={props.side}
      kind={props.kind}
      action={`/${w.plural}/new?organization=${props.org.id}&platform=${props.platform.id}&kind=${props.kind}`}
      values={props.values}
      errors={props.errors}
      title={`${w.ja}を登録する`}
      titleEn={`New ${w.en.toLowerCase()}`}
      platform={props.platform}
      orgName={props.org.name}
      submit={{ ja: '登録する', en: 'Post' }}
      cancel={`/organizations/${props.org.id}/${w.plural}`}
    />
  );
}

export function createPosting(side: PostingKind) {
  const w = WORDS[side];
  return (c: C) =>
    signedInPage(c, async (actor) => {
      const org = await requireEditableOrg(c, actor, c.req.query('organization') ?? '');
      const platform = (await approvedPlatforms(c, org.id)).find((p) => p.id === c.req.query('platform'));
      const kind = KINDS.find((k) => k.id === c.req.query('kind'))?.id;
      if (!platform || !kind) throw new NotFoundError('platform');
      const values = await formValues(c);
      const again = (errors: FormErrors, status: 200 | 400 | 409 = 400) =>
        render(
          c,
          <CreateForm
            side={side}
            kind={kind}
            platform={platform}
            org={org}
            values={values}
            errors={errors}
          />,
          status,
        );
      if (values._refresh) return again({}, 200);
      const body = { ...postingBody(side, kind, values), kind, organizationId: org.id };
      const result = await callApi<Posting>(c, 'POST', `/platforms/${platform.id}/${w.plural}`, body);
      if (!result.ok) return again(errorsOf(result.problem), result.status === 409 ? 409 : 400);
      return c.redirect(`/organizations/${org.id}/${w.plural}?done=created`, 303);
    });
}
