// The form kit, the face the pages import: <Form> and its fields and pickers (values and errors
// by field name), and the bridge to the JSON API (a form becomes the API's JSON body).
export {
  type ApiResult,
  callApi,
  declineReasonOf,
  errorsOf,
  type FormShape,
  fetchApi,
  flatten,
  formValues,
  toBody,
} from './api';
export {
  ChoiceGroup,
  GroupError,
  Legend,
  type Option,
  SelectField,
  TextArea,
  TextField,
  Toggle,
} from './fields';
export { ActionButton, Form } from './form';
export { MunicipalitiesPicker, RegionsPicker, scopePrefectures } from './municipalities';
export {
  FieldPicker,
  LocationPicker,
  municipalityOptions,
  prefectureOptions,
} from './pickers';
export { type FormErrors, type FormValues, fieldId, useFormValues } from './state';
