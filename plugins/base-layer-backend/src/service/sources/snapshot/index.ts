export { SnapshotApplicationSource } from './SnapshotApplicationSource';
export type { SnapshotApplicationSourceOptions } from './SnapshotApplicationSource';
export { readSnapshotSourcesFromConfig } from './config';
export { parseSnapshot } from './parseSnapshot';
export type { ParsedSnapshot, SnapshotEntry } from './parseSnapshot';
