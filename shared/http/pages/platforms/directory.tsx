import {
  ACTIVITIES,
  activityAreaLabel,
  activityLabel,
  FIELDS,
  fieldLabel,
  isActivity,
  isFieldSlug,
  isPrefectureCode,
  type Lang,
  LEGAL_FORMS,
  matchesProfile,
  PREFECTURES,
  type ProfileFilter,
  regionLabel,
} from '#domain';
import { languageOf } from '../language';
import { Bi, Page, Title } from '../layout';
import { AboutAndWebsite } from '../organizations/common';
import { render } from '../view';
import { byName, type C, platformOf } from './common';

// A platform's opt-in member directory: organisation details only, never a person, filterable
// by 活動分野 (a field takes in its broader and narrower ones), area (the prefecture an
// organisation works in: its activity area, or where it is based) and what it does.

/** The filter from the query; anything that is not a known value is no filter. */
export function directoryFilterOf(c: C): ProfileFilter {
  const field = c.req.query('field') ?? '';
  const prefecture = c.req.query('prefecture') ?? '';
  const activity = c.req.query('activity') ?? '';
  return {
    field: isFieldSlug(field) ? field : undefined,
    prefecture: isPrefectureCode(prefecture) ? prefecture : undefined,
    activity: isActivity(activity) ? activity : undefined,
  };
}

function FilterSelect(props: {
  name: string;
  ja: string;
  en: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  any: string;
}) {
  return (
    <div class="field">
      <label for={`dir-${props.name}`}>
        <Bi ja={props.ja} en={props.en} />
      </label>
      <select id={`dir-${props.name}`} name={props.name}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The GET form that filters a list of organisations by field, area and activity (directory, roster). */
export function ProfileFilters(props: { action: string; filter: ProfileFilter; lang: Lang }) {
  const { action, filter, lang } = props;
  const any = lang === 'ja' ? 'すべて' : 'All';
  const filtered =
    filter.field !== undefined || filter.prefecture !== undefined || filter.activity !== undefined;
  return (
    <form method="get" action={action} class="filters">
      <FilterSelect
        name="field"
        ja="活動分野"
        en="Field of activity"
        value={filter.field}
        any={any}
        options={FIELDS.map((f) => ({ value: f.slug, label: f.parent ? `— ${f[lang]}` : f[lang] }))}
      />
      <FilterSelect
        name="prefecture"
        ja="活動地域（都道府県）"
        en="Area (prefecture)"
        value={filter.prefecture}
        any={any}
        options={PREFECTURES.map((p) => ({ value: p.code, label: p[lang] }))}
      />
      <FilterSelect
        name="activity"
        ja="活動内容"
        en="What they do"
        value={filter.activity}
        any={any}
        options={ACTIVITIES.map((a) => ({ value: a.id, label: a[lang] }))}
      />
      <p class="actions">
        <button type="submit" class="secondary">
          <Bi ja="絞り込む" en="Filter" />
        </button>
        {filtered ? (
          <a href={action}>
            <Bi ja="条件を外す" en="Clear" />
          </a>
        ) : null}
      </p>
    </form>
  );
}

export async function directoryPage(c: C) {
  const ctx = c.var.ctx;
  const lang = languageOf(c);
  const platform = await platformOf(c);
  const filter = directoryFilterOf(c);
  const ids = await ctx.store.memberships.organizationsWithStatus(platform.id, 'approved');
  // Opt-in: only organisations that chose to be listed, and only their organisation details.
  const all = (await ctx.store.organizations.getMany(ids)).filter((o) => o.directoryListed === true);
  const listed = all
    .filter((o) => matchesProfile(o, filter))
    .sort(byName)
    .map((o) => ({
      id: o.id,
      name: o.name,
      legalForm: LEGAL_FORMS[o.legalForm],
      place: regionLabel(o.location.municipality ?? o.location.prefecture, lang),
      fields: (o.activityFields ?? []).map((f) => fieldLabel(f, lang)),
      activities: (o.activities ?? []).map((a) => activityLabel(a, lang)),
      area: activityAreaLabel(o.activityArea, lang),
      description: o.description,
      website: o.website,
    }));
  const filtered =
    filter.field !== undefined || filter.prefecture !== undefined || filter.activity !== undefined;
  const sep = lang === 'ja' ? '・' : ', ';
  return render(
    c,
    <Page title={`${platform.name} 会員名簿`} titleEn="Member directory">
      <p class="note">
        <a href={`/platforms/${platform.id}`}>{platform.name}</a>
      </p>
      <Title ja="会員名簿" en="Member directory" />
      <p>
        <Bi
          ja={`承認された会員団体のうち、掲載を希望した団体です（${all.length}団体）。`}
          en={`Approved member organisations that chose to be listed (${all.length}).`}
        />
      </p>
      <ProfileFilters action={`/platforms/${platform.id}/directory`} filter={filter} lang={lang} />
      {filtered ? (
        <p role="status">
          <Bi ja={`条件に合う団体：${listed.length}団体`} en={`Matching: ${listed.length}`} />
        </p>
      ) : null}
      {listed.length === 0 ? (
        <p>
          {filtered ? (
            <Bi ja="条件に合う団体はありません。" en="No organisation matches." />
          ) : (
            <Bi ja="掲載している団体はまだありません。" en="No organisation is listed yet." />
          )}
        </p>
      ) : (
        <ul class="cards">
          {listed.map((o) => (
            <li class="card">
              <h2>{o.name}</h2>
              <p class="note">
                <Bi ja={o.legalForm.ja} en={o.legalForm.en} /> ・ {o.place}
              </p>
              {o.fields.length + o.activities.length > 0 || o.area ? (
                <dl class="facts">
                  {o.fields.length > 0 ? (
                    <>
                      <dt>
                        <Bi ja="活動分野" en="Fields" />
                      </dt>
                      <dd>{o.fields.join(sep)}</dd>
                    </>
                  ) : null}
                  {o.activities.length > 0 ? (
                    <>
                      <dt>
                        <Bi ja="活動内容" en="What they do" />
                      </dt>
                      <dd>{o.activities.join(sep)}</dd>
                    </>
                  ) : null}
                  {o.area ? (
                    <>
                      <dt>
                        <Bi ja="活動地域" en="Area" />
                      </dt>
                      <dd>{o.area}</dd>
                    </>
                  ) : null}
                </dl>
              ) : null}
              <AboutAndWebsite org={o} />
            </li>
          ))}
        </ul>
      )}
    </Page>,
  );
}
