import { buildApplication } from '../../testUtils/applications';
import { parseApplication } from '../sources/applications';
import { ArgoCdApplication } from '../sources/types';
import { toApplicationStatus } from './toApplicationStatus';

/** The fixture as a source hands it over: validated by the one schema. */
function parsed(app: ArgoCdApplication): ArgoCdApplication {
  const checked = parseApplication(app);
  if ('error' in checked) {
    throw new Error(checked.error);
  }
  return checked.application;
}

function withWave(labels: Record<string, string>, annotations = {}) {
  const app = buildApplication({ name: 'spark', waveAs: 'none' });
  return parsed({
    ...app,
    metadata: {
      ...app.metadata,
      labels: { ...app.metadata.labels, ...labels },
      annotations: { ...app.metadata.annotations, ...annotations },
    },
  });
}

describe('toApplicationStatus', () => {
  it('maps an Application being deleted to deleting, health Deleting', () => {
    const app = buildApplication({ name: 'kafka', wave: 1 });
    const status = toApplicationStatus(
      parsed({
        ...app,
        metadata: {
          ...app.metadata,
          deletionTimestamp: '2026-11-21T11:00:00Z',
        },
      }),
      'cluster',
    );
    expect(status).toMatchObject({
      name: 'kafka',
      wave: 1,
      sync: 'Synced',
      health: 'Deleting',
      deleting: true,
    });
  });

  it('leaves deleting out for an Application not being deleted', () => {
    const status = toApplicationStatus(
      parsed(buildApplication({ name: 'kafka', wave: 1 })),
      'cluster',
    );
    expect(status.health).toBe('Healthy');
    expect(status).not.toHaveProperty('deleting');
    expect(status).not.toHaveProperty('unassignedReason');
  });

  it('reads lastSyncedAt from the last history entry, the only one kept', () => {
    const app = buildApplication({ name: 'kafka', wave: 1 });
    const history = [1, 2, 3].map(id => ({
      id,
      revision: `r${id}`,
      deployedAt: `2026-11-2${id}T10:00:00Z`,
      deployStartedAt: `2026-11-2${id}T09:59:00Z`,
    }));
    const valid = parsed({
      ...app,
      status: {
        ...app.status,
        operationState: undefined,
        history,
      },
    });
    expect(valid.status?.history).toEqual([
      { id: 3, revision: 'r3', deployedAt: '2026-11-23T10:00:00Z' },
    ]);
    expect(toApplicationStatus(valid, 'cluster').lastSyncedAt).toBe(
      '2026-11-23T10:00:00Z',
    );
  });

  it.each<[string, Record<string, string>, Record<string, string>, unknown]>([
    ['the label', { 'base-layer.io/wave': '3' }, {}, { wave: 3 }],
    [
      "Argo CD's sync-wave annotation",
      {},
      { 'argocd.argoproj.io/sync-wave': '2' },
      { wave: 2 },
    ],
    [
      'the annotation, when the label is not a wave number',
      { 'base-layer.io/wave': 'three' },
      { 'argocd.argoproj.io/sync-wave': '2' },
      { wave: 2 },
    ],
    [
      'no wave, without a label or annotation',
      {},
      {},
      {
        wave: null,
        unassignedReason: {
          kind: 'no-wave',
          message:
            'No base-layer.io/wave label or argocd.argoproj.io/sync-wave annotation, and no matched catalog entity with a wave',
        },
      },
    ],
    [
      'no wave, for a label that is not a wave number',
      { 'base-layer.io/wave': 'three' },
      {},
      {
        wave: null,
        unassignedReason: {
          kind: 'invalid-wave',
          value: 'three',
          message: "base-layer.io/wave label 'three' is not a wave number",
        },
      },
    ],
    [
      'no wave, for a sync-wave that is not a number',
      {},
      { 'argocd.argoproj.io/sync-wave': '1.5' },
      {
        wave: null,
        unassignedReason: {
          kind: 'invalid-wave',
          value: '1.5',
          message:
            "argocd.argoproj.io/sync-wave annotation '1.5' is not a wave number",
        },
      },
    ],
    [
      'no wave, for a negative sync-wave (Argo CD allows it, the plan does not)',
      {},
      { 'argocd.argoproj.io/sync-wave': '-1' },
      {
        wave: null,
        unassignedReason: {
          kind: 'unconfigured-wave',
          wave: -1,
          message:
            "argocd.argoproj.io/sync-wave annotation '-1' is not a wave of the rollout plan: waves start at 0",
        },
      },
    ],
    [
      'the first bad value as the reason, the label before the annotation',
      { 'base-layer.io/wave': 'late' },
      { 'argocd.argoproj.io/sync-wave': '-2' },
      {
        wave: null,
        unassignedReason: {
          kind: 'invalid-wave',
          value: 'late',
          message: "base-layer.io/wave label 'late' is not a wave number",
        },
      },
    ],
  ])('takes %s', (_what, labels, annotations, expected) => {
    const status = toApplicationStatus(
      withWave(labels, annotations),
      'cluster',
    );
    expect({
      wave: status.wave,
      ...(status.unassignedReason && {
        unassignedReason: status.unassignedReason,
      }),
    }).toEqual(expected);
  });
});
