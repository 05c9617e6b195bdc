export {
  APPLICATIONS_PAGE_SIZE,
  WaveApplicationsTable,
} from './WaveApplicationsTable';
