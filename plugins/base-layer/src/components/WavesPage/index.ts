export { WavesPage } from './WavesPage';
