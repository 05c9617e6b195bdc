export { BaseModuleRevisionPicker } from './BaseModuleRevisionPicker';
export type { BaseModuleRevisionPickerUiOptions } from './BaseModuleRevisionPicker';
