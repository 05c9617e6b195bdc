export { EntityWavesContent } from './EntityWavesContent';
export type { EntityWavesContentProps } from './EntityWavesContent';
