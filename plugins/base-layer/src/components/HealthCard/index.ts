export { HealthCard } from './HealthCard';
export type { HealthCardProps } from './HealthCard';
