export { WaveAccordion } from './WaveAccordion';
export type { WaveAccordionProps } from './WaveAccordion';
