export { UnassignedApplications } from './UnassignedApplications';
