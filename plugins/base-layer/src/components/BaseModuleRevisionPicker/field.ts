import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { BaseModuleRevisionPicker } from './BaseModuleRevisionPicker';

/** The field as the new frontend system's `FormFieldBlueprint` loads it. */
export const baseModuleRevisionPickerField = createFormField({
  name: 'BaseModuleRevisionPicker',
  component: BaseModuleRevisionPicker,
});
