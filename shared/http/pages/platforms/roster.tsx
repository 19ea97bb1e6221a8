import {
  type Actor,
  activityAreaLabel,
  activityLabel,
  fieldLabel,
  isActivity,
  isFieldSlug,
  LEGAL_FORMS,
  regionLabel,
} from '#domain';
import { rosterOf } from '../../roster';
import { languageOf } from '../language';
import { Bi, Notice, Page, Title } from '../layout';
import { AboutAndWebsite } from '../organizations/common';
import { render } from '../view';
import { type C, platformOf } from './common';
import { directoryFilterOf, ProfileFilters } from './directory';

// The members-only roster (会員名簿) of a platform: every approved member's profile, and the
// contact person of those that agreed to share it, for readers who share theirs (and the
// secretariat). The public directory (directory.tsx) is the opt-in list without any contact.

export async function rosterPage(c: C, actor: Actor) {
  const lang = languageOf(c);
  const platform = await platformOf(c);
  const filter = directoryFilterOf(c);
  const roster = await rosterOf(c.var.ctx, actor, platform.id, filter);
  const tierName = new Map(platform.tiers.map((t) => [t.id, lang === 'ja' ? t.ja : t.en]));
  const sep = lang === 'ja' ? '・' : ', ';
  const base = `/platforms/${platform.id}/roster`;
  return render(
    c,
    <Page title={`${platform.name} 会員名簿（会員限定）`} titleEn="Members' roster">
      <p class="note">
        <a href={`/platforms/${platform.id}`}>{platform.name}</a>
      </p>
      <Title ja="会員名簿（会員限定）" en="Members' roster" />
      <p>
        <Bi
          ja="このプラットフォームの会員団体どうしが、互いの活動を知り、連絡を取り合うための名簿です。会員団体と事務局だけが見られます。"
          en="The roster lets member organisations of this platform know and reach one another. Only members and the secretariat can see it."
        />
      </p>
      {!roster.sharingAsked ? (
        <Notice>
          <Bi
            ja="このプラットフォームでは、名簿での連絡先の共有をお願いしていないため、連絡先は表示されません。"
            en="This platform does not ask members to share contacts on the roster, so none is shown."
          />
        </Notice>
      ) : !roster.readerSees ? (
        <Notice>
          <Bi
            ja="連絡先は、名簿での情報共有に同意した会員団体どうしで表示されます。貴団体が同意すると、同意している団体の担当者が表示されます。"
            en="Contacts are shown among members that agreed to share them on the roster. Once your organisation agrees, you see the contacts of those that did."
          />
        </Notice>
      ) : null}
      <ProfileFilters action={base} filter={filter} lang={lang} />
      <p role="status">
        <Bi ja={`${roster.items.length}団体`} en={`${roster.items.length} organisations`} />
      </p>
      <ul class="cards">
        {roster.items.map((o) => (
          <li class="card">
            <h2>{o.name}</h2>
            <p class="note">
              <Bi ja={LEGAL_FORMS[o.legalForm].ja} en={LEGAL_FORMS[o.legalForm].en} /> ・{' '}
              {regionLabel(o.location.municipality ?? o.location.prefecture, lang)} ・{' '}
              {tierName.get(o.tier) ?? o.tier}
            </p>
            <dl class="facts">
              {o.activityFields.length > 0 ? (
                <>
                  <dt>
                    <Bi ja="活動分野" en="Fields" />
                  </dt>
                  <dd>
                    {o.activityFields
                      .filter(isFieldSlug)
                      .map((f) => fieldLabel(f, lang))
                      .join(sep)}
                  </dd>
                </>
              ) : null}
              {o.activities.length > 0 ? (
                <>
                  <dt>
                    <Bi ja="活動内容" en="What they do" />
                  </dt>
                  <dd>
                    {o.activities
                      .filter(isActivity)
                      .map((a) => activityLabel(a, lang))
                      .join(sep)}
                  </dd>
                </>
              ) : null}
              {o.activityArea ? (
                <>
                  <dt>
                    <Bi ja="活動地域" en="Area" />
                  </dt>
                  <dd>{activityAreaLabel(o.activityArea, lang)}</dd>
                </>
              ) : null}
              {o.contact ? (
                <>
                  <dt>
                    <Bi ja="担当者" en="Contact" />
                  </dt>
                  <dd>
                    {o.contact.name} <a href={`mailto:${o.contact.email}`}>{o.contact.email}</a>
                    {o.phone ? ` ・ ${o.phone}` : ''}
                  </dd>
                </>
              ) : null}
              {o.representative ? (
                <>
                  <dt>
                    <Bi ja="代表者" en="Representative" />
                  </dt>
                  <dd>{o.representative}</dd>
                </>
              ) : null}
            </dl>
            <AboutAndWebsite org={o} />
          </li>
        ))}
      </ul>
    </Page>,
  );
}
