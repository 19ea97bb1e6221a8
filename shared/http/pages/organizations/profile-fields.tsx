import { ACTIVITIES, SIZE_RANGE_IDS, SIZE_RANGE_LABELS } from '#domain';
import {
  ChoiceGroup,
  FieldPicker,
  Legend,
  RegionsPicker,
  SelectField,
  TextField,
  Toggle,
  useFormValues,
} from '../forms';
import { Bi } from '../layout';
import { useT } from '../view';

// The organisation form's profile part: 活動分野 (required), what it does, where it works, its
// representative, phone and size. The names are the API's (ORGANIZATION_FIELDS in #domain).

/** The profile's form names that are lists and yes/no boxes, for the form's JSON body. */
export const PROFILE_LISTS = [
  'activityFields',
  'activities',
  'activityArea.prefectures',
  'activityArea.municipalities',
] as const;
export const PROFILE_BOOLEANS = ['activityArea.nationwide'] as const;
/** Optional parts a blank field clears on edit (the API takes null for "none"). */
export const PROFILE_CLEARABLE = ['phone', 'representative', 'staffRange', 'volunteerRange'] as const;

const activityOptions = ACTIVITIES.map((a) => ({ value: a.id, label: a.ja, en: a.en }));
const sizeOptions = SIZE_RANGE_IDS.map((id) => ({
  value: id,
  label: SIZE_RANGE_LABELS[id].ja,
  en: SIZE_RANGE_LABELS[id].en,
}));

export function ProfileFields() {
  const t = useT();
  const based = useFormValues()['location.prefecture'];
  const basedIn = typeof based === 'string' && based ? [based] : [];
  return (
    <>
      <FieldPicker
        name="activityFields"
        ja="活動分野"
        en="Fields of activity"
        required
        hint={t(
          '当てはまるものをすべて選んでください（1つ以上）。会員名簿や統計、週1回のお知らせに使います。',
          'Choose all that apply (at least one). Used in the member directory, the statistics and the weekly digest.',
        )}
      />
      <ChoiceGroup
        name="activities"
        ja="活動内容"
        en="What you do"
        columns
        options={activityOptions}
        hint={<Bi ja="当てはまるものをすべて選んでください。" en="Choose all that apply." />}
      />
      <fieldset class="field">
        <Legend ja="活動地域" en="Area of activity" />
        <p class="hint">
          <Bi
            ja="活動している都道府県・市区町村です。選ばないときは所在地の都道府県とみなします。"
            en="Where you work. When none is chosen, the prefecture you are based in is assumed."
          />
        </p>
        <Toggle name="activityArea.nationwide" ja="全国で活動している" en="We work nationwide" />
        <RegionsPicker
          prefectures="activityArea.prefectures"
          municipalities="activityArea.municipalities"
          show={basedIn}
        />
      </fieldset>
      <TextField
        name="representative"
        ja="代表者名"
        en="Representative"
        maxlength={100}
        autocomplete="off"
        hint={<Bi ja="例：理事長 川口 太郎" en="For example: Taro Kawaguchi, chair" />}
      />
      <TextField
        name="phone"
        type="tel"
        ja="電話番号"
        en="Phone"
        inputmode="tel"
        autocomplete="tel"
        maxlength={30}
        hint={<Bi ja="例：048-123-4567（ハイフンは省略できます）" en="For example 048-123-4567" />}
      />
      <SelectField
        name="staffRange"
        ja="スタッフ数"
        en="Staff"
        placeholder={t('（答えない）', '(Not given)')}
        options={sizeOptions}
        hint={<Bi ja="有給・無給を問わず、運営に携わる人数です。" en="People who run it, paid or not." />}
      />
      <SelectField
        name="volunteerRange"
        ja="ボランティア数"
        en="Volunteers"
        placeholder={t('（答えない）', '(Not given)')}
        options={sizeOptions}
      />
      <p class="hint">
        <Bi
          ja="代表者名と電話番号は、団体のメンバーと参加先プラットフォームの事務局だけが見られます。"
          en="The representative and the phone are seen only by your people and your platforms' secretariats."
        />
      </p>
    </>
  );
}
