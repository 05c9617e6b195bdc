export { ModuleCard } from './ModuleCard';
