import { BLOCKS, isTypedKind, type Kind, type Platform, TARGET_GROUPS } from '#domain';
import {
  ChoiceGroup,
  FieldPicker,
  GroupError,
  Legend,
  LocationPicker,
  RegionsPicker,
  scopePrefectures,
  TextArea,
  TextField,
  Toggle,
} from '../forms';
import { Bi } from '../layout';
import { capacityInputs } from './form-data';
import { OpenCallFields } from './open-call';
import { TypesField } from './types-field';
import type { PostingKind } from './words';

// The posting form's fields: title, description, fields, types (venue, skills, goods), capacity by kind, and the need's place
// or the offer's service area, period, slots and conditions.

export function PostingFields(props: { side: PostingKind; kind: Kind; platform: Platform }) {
  const { side, kind } = props;
  return (
    <>
      <TextField name="title" ja="タイトル" en="Title" required maxlength={120} />
      <TextArea
        name="description"
        ja="内容"
        en="Description"
        maxlength={4000}
        hint={
          side === 'need' ? (
            <Bi
              ja="活動の様子や、どんな支えがあると助かるかを書いてください。"
              en="Describe your work and what support would help."
            />
          ) : (
            <Bi
              ja="提供できる内容や、ご一緒したい活動を書いてください。"
              en="Describe what you can offer and what you would like to do together."
            />
          )
        }
      />
      <FieldPicker required anyOption={side === 'offer'} />
      {isTypedKind(kind) ? <TypesField side={side} kind={kind} /> : null}
      <fieldset class="field" id="f-capacity">
        <Legend ja="規模" en="Capacity" />
        <GroupError name="capacity" ja="規模" en="Capacity" />
        {capacityInputs(kind, side).map((input) => (
          <TextField
            name={`capacity.${input.key}`}
            ja={input.ja}
            en={input.en}
            required={input.required ?? false}
            {...(input.hint ? { hint: <Bi {...input.hint} /> } : {})}
            {...(input.text
              ? { maxlength: 200 }
              : { type: 'number' as const, inputmode: 'numeric' as const, min: 0, size: 'short' as const })}
          />
        ))}
        {kind === 'funding' && side === 'need' ? (
          <Toggle
            name="capacity.coFunding"
            ja="ほかの支援と組み合わせて使えます（一部のご支援も歓迎します）"
            en="Other funding can be combined (part of the amount is welcome)"
            hint={
              <Bi
                ja="選ばない場合、最低額を入れていなければ、希望額の半分以上のご支援をご紹介します。"
                en="If not, and without a minimum, offers of at least half the amount are introduced."
              />
            }
          />
        ) : null}
        {kind === 'goods' ? (
          <ChoiceGroup
            name="capacity.unit"
            type="radio"
            ja="単位"
            en="Unit"
            required
            options={[
              { value: 'units', label: '点・個', en: 'items' },
              { value: 'kg', label: 'kg' },
            ]}
          />
        ) : null}
      </fieldset>
      {side === 'need' ? (
        <>
          <LocationPicker
            prefectures={scopePrefectures(props.platform)}
            required
            hint={<Bi ja="活動する場所です。対象地域の中から選んでください。" en="Where you work." />}
          />
          <Toggle name="onlineOk" ja="オンラインでの支援でもかまわない" en="Online support is fine" />
          <ChoiceGroup
            name="targetGroups"
            ja="届けたい人"
            en="Who it reaches"
            columns
            options={TARGET_GROUPS.map((g) => ({ value: g.id, label: g.ja, en: g.en }))}
          />
        </>
      ) : (
        <ServiceAreaFields show={scopePrefectures(props.platform)} />
      )}
      <fieldset class="field">
        <Legend ja="期間" en="Period" />
        <TextField name="period.start" type="date" ja="開始日" en="From" required size="short" />
        <TextField
          name="period.end"
          type="date"
          ja="終了日"
          en="Until"
          size="short"
          hint={<Bi ja="空欄は期限なし。" en="Blank = open-ended." />}
        />
      </fieldset>
      {side === 'offer' ? (
        <>
          <TextField
            name="slots"
            type="number"
            inputmode="numeric"
            min={1}
            size="short"
            ja="受け入れ枠（団体数）"
            en="Slots in all"
            hint={<Bi ja="承諾したご紹介ごとに1枠を使います。空欄は上限なし。" en="Blank = no limit." />}
          />
          <TextField
            name="introductionsPerRound"
            type="number"
            inputmode="numeric"
            min={1}
            size="short"
            ja="1回のマッチングで受けるご提案の数"
            en="Introductions per round"
            hint={<Bi ja="空欄は3件。" en="Blank = 3." />}
          />
          <TextArea name="conditions" ja="条件" en="Conditions" rows={3} maxlength={2000} />
          <OpenCallFields />
        </>
      ) : null}
    </>
  );
}

function ServiceAreaFields({ show }: { show: readonly string[] }) {
  return (
    <fieldset class="field" id="f-serviceArea">
      <Legend ja="対応できる地域" en="Service area" required />
      <GroupError name="serviceArea" ja="対応できる地域" en="Service area" />
      <p class="hint">
        <Bi
          ja="1つ以上選んでください（全国・オンラインも可）。"
          en="Choose at least one (nationwide and online count)."
        />
      </p>
      <Toggle name="serviceArea.nationwide" ja="全国" en="Nationwide" />
      <Toggle name="serviceArea.online" ja="オンライン" en="Online" />
      <ChoiceGroup
        name="serviceArea.blocks"
        ja="地方"
        en="Regions"
        options={BLOCKS.map((b) => ({ value: b.id, label: b.ja, en: b.en }))}
      />
      <RegionsPicker
        prefectures="serviceArea.prefectures"
        municipalities="serviceArea.municipalities"
        show={show}
      />
    </fieldset>
  );
}
