import { LEGAL_FORMS, regionLabel } from '#domain';
import { Bi, Page, Title } from '../layout';
import { Lines } from '../organizations/common';
import { render } from '../view';
import { byName, type C, platformOf } from './common';

// A platform's opt-in member directory: organisation details only, never a person.

export async function directoryPage(c: C) {
  const ctx = c.var.ctx;
  const platform = await platformOf(c);
  const ids = await ctx.store.memberships.organizationsWithStatus(platform.id, 'approved');
  // Opt-in: only organisations that chose to be listed, and only their organisation details.
  const listed = (await ctx.store.organizations.getMany(ids))
    .filter((o) => o.directoryListed === true)
    .sort(byName)
    .map((o) => ({
      id: o.id,
      name: o.name,
      legalForm: LEGAL_FORMS[o.legalForm],
      place: regionLabel(o.location.municipality ?? o.location.prefecture, 'ja'),
      description: o.description,
      website: o.website,
    }));
  return render(
    c,
    <Page title={`${platform.name} 会員名簿`} titleEn="Member directory">
      <p class="note">
        <a href={`/platforms/${platform.id}`}>{platform.name}</a>
      </p>
      <Title ja="会員名簿" en="Member directory" />
      <p>
        <Bi
          ja={`承認された会員団体のうち、掲載を希望した団体です（${listed.length}団体）。`}
          en={`Approved member organisations that chose to be listed (${listed.length}).`}
        />
      </p>
      {listed.length === 0 ? (
        <p>
          <Bi ja="掲載している団体はまだありません。" en="No organisation is listed yet." />
        </p>
      ) : (
        <ul class="cards">
          {listed.map((o) => (
            <li class="card">
              <h2>{o.name}</h2>
              <p class="note">
                {o.legalForm.ja} ・ {o.place}
              </p>
              {o.description ? (
                <p>
                  <Lines text={o.description} />
                </p>
              ) : null}
              {o.website ? (
                <p>
                  <a href={o.website} rel="noopener noreferrer nofollow">
                    {o.website}
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Page>,
  );
}
