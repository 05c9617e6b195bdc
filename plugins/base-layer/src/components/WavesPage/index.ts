export { WavesPage } from './WavesPage';
export type { WavesPageProps } from './WavesPage';
