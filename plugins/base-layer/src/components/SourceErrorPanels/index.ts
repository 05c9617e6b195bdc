export { SourceErrorPanels } from './SourceErrorPanels';
