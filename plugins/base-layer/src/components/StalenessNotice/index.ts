export { StalenessNotice } from './StalenessNotice';
export type { StalenessNoticeProps } from './StalenessNotice';
