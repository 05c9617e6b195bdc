export { ModuleHistoryCard } from './ModuleHistoryCard';
export type { ModuleHistoryCardProps } from './ModuleHistoryCard';
