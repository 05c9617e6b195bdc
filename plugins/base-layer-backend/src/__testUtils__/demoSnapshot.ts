import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createMockDirectory,
  MockDirectory,
} from '@backstage/backend-test-utils';
import { platformWaves } from '../testUtils/applications';

/** The demo export the local portal runs on (`yarn dev`) and the browser end-to-end test uses. */
export const DEMO_SNAPSHOT_FILE = resolve(
  __dirname,
  '../../../../examples/argocd-applications.yaml',
);

/**
 * A mock directory that holds a fresh copy of the demo export, `demo.yaml`,
 * before each test. Call it in a `describe` block.
 */
export function demoSnapshotCopy(): MockDirectory {
  const mockDir = createMockDirectory();
  beforeEach(async () => {
    mockDir.setContent({
      'demo.yaml': await readFile(DEMO_SNAPSHOT_FILE, 'utf8'),
    });
  });
  return mockDir;
}

/** `baseLayer` config of the local mode: the platform's waves and one snapshot source reading `path`. */
export function demoSnapshotConfig(path: string) {
  return {
    waves: platformWaves,
    sources: { snapshots: [{ name: 'demo', paths: [path] }] },
  };
}
