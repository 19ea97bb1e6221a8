import {
  type ActivityArea,
  type ActivityId,
  activityAreaLabel,
  activityLabel,
  type FieldSlug,
  fieldLabel,
  type OrganizationFieldInfo,
  type SizeRange,
  sizeRangeLabel,
} from '#domain';
import { Bi, Notice } from '../layout';
import { useT, useView } from '../view';

// The profile on an organisation's page: 活動分野, what it does, where, who represents it, its
// phone and size (the representative and phone only to those who see it in full); and, for its
// editors, what is still missing.

interface ProfileView {
  activityFields?: readonly FieldSlug[] | undefined;
  activities?: readonly ActivityId[] | undefined;
  activityArea?: ActivityArea | undefined;
  representative?: string | undefined;
  phone?: string | undefined;
  staffRange?: SizeRange | undefined;
  volunteerRange?: SizeRange | undefined;
}

function Fact(props: { ja: string; en: string; value: string | undefined }) {
  if (!props.value) return null;
  return (
    <>
      <dt>
        <Bi ja={props.ja} en={props.en} />
      </dt>
      <dd>{props.value}</dd>
    </>
  );
}

export function ProfileFacts({ org }: { org: ProfileView }) {
  const { lang } = useView();
  const sep = lang === 'ja' ? '・' : ', ';
  return (
    <>
      <Fact
        ja="活動分野"
        en="Fields of activity"
        value={(org.activityFields ?? []).map((f) => fieldLabel(f, lang)).join(sep)}
      />
      <Fact
        ja="活動内容"
        en="What it does"
        value={(org.activities ?? []).map((a) => activityLabel(a, lang)).join(sep)}
      />
      <Fact ja="活動地域" en="Area of activity" value={activityAreaLabel(org.activityArea, lang)} />
      <Fact ja="代表者名" en="Representative" value={org.representative} />
      {org.phone ? (
        <>
          <dt>
            <Bi ja="電話番号" en="Phone" />
          </dt>
          <dd>
            <a href={`tel:${org.phone.replaceAll('-', '')}`}>{org.phone}</a>
          </dd>
        </>
      ) : null}
      <Fact ja="スタッフ数" en="Staff" value={org.staffRange && sizeRangeLabel(org.staffRange, lang)} />
      <Fact
        ja="ボランティア数"
        en="Volunteers"
        value={org.volunteerRange && sizeRangeLabel(org.volunteerRange, lang)}
      />
    </>
  );
}

/**
 * For the organisation's editors while its profile is incomplete: what is missing and a link to
 * fill it in. Without 活動分野 the next save asks for them, so that is said first.
 */
export function CompleteProfile(props: { id: string; missing: readonly OrganizationFieldInfo[] }) {
  const t = useT();
  if (props.missing.length === 0) return null;
  const needsFields = props.missing.some((f) => f.key === 'activityFields');
  return (
    <Notice>
      <p>
        {needsFields ? (
          <Bi
            ja="団体のプロフィールに「活動分野」が登録されていません。次に団体の情報を保存するときには、活動分野を1つ以上選んでください。"
            en="Your profile has no fields of activity yet. Choose at least one the next time you save the profile."
          />
        ) : (
          <Bi
            ja="団体のプロフィールを充実させると、関心の近い団体とつながりやすくなります。"
            en="A fuller profile helps organisations with shared interests find you."
          />
        )}
      </p>
      <p>
        <Bi ja="未入力の項目：" en="Not filled in yet: " />
        {props.missing.map((f) => t(f.ja, f.en)).join(t('・', ', '))}
      </p>
      <p>
        <a class="button" href={`/organizations/${props.id}/edit`}>
          <Bi ja="プロフィールを入力する" en="Complete the profile" />
        </a>
      </p>
    </Notice>
  );
}
