import {
  ApplicationStatus,
  SourceStatus,
  WaveDefinition,
} from '@internal/plugin-base-layer-common';
import { computeWaves } from './computeWaves';

const definitions: WaveDefinition[] = [
  { id: 0, name: 'Core services' },
  { id: 1, name: 'Shared services' },
  { id: 2, name: 'Orchestration' },
];

/** `name@wave`, Synced and Healthy from source `cluster` unless told otherwise. */
function app(
  spec: string,
  overrides: Partial<ApplicationStatus> = {},
): ApplicationStatus {
  const [name, wave] = spec.split('@');
  return {
    source: 'cluster',
    name,
    namespace: 'argocd',
    project: 'base-layer',
    wave: wave === undefined ? null : Number(wave),
    sync: 'Synced',
    health: 'Healthy',
    sources: [],
    destination: {},
    conditions: [],
    ...overrides,
  };
}

const down = (name: string, error = 'answered 503'): SourceStatus => ({
  name,
  type: 'kubernetes',
  ok: false,
  error,
  stale: true,
});
const up = (name: string): SourceStatus => ({
  name,
  type: 'argocd',
  ok: true,
  stale: false,
});

type Row = [
  rule: string,
  applications: ApplicationStatus[],
  sources: SourceStatus[],
  expected: Array<[id: number, state: string, blockedBy?: number]>,
];

describe('computeWaves', () => {
  it.each<Row>([
    [
      'every application Synced and Healthy, and an empty declared wave, are Healthy',
      [app('vault@0'), app('redis@1')],
      [up('cluster')],
      [
        [0, 'Healthy'],
        [1, 'Healthy'],
        [2, 'Healthy'],
      ],
    ],
    [
      'a Degraded application makes its wave Degraded and blocks the later ones',
      [app('vault@0', { health: 'Degraded' }), app('redis@1')],
      [up('cluster')],
      [
        [0, 'Degraded'],
        [1, 'Blocked', 0],
        [2, 'Blocked', 0],
      ],
    ],
    [
      'a Failed operation makes a wave Degraded, even when the app looks Healthy',
      [app('vault@0', { operationPhase: 'Failed' })],
      [up('cluster')],
      [
        [0, 'Degraded'],
        [1, 'Blocked', 0],
        [2, 'Blocked', 0],
      ],
    ],
    [
      'an Error operation makes a wave Degraded',
      [app('vault@0'), app('redis@1', { operationPhase: 'Error' })],
      [up('cluster')],
      [
        [0, 'Healthy'],
        [1, 'Degraded'],
        [2, 'Blocked', 1],
      ],
    ],
    [
      'Progressing beats Healthy within a wave',
      [app('vault@0'), app('consul@0', { health: 'Missing' })],
      [up('cluster')],
      [
        [0, 'Progressing'],
        [1, 'Blocked', 0],
        [2, 'Blocked', 0],
      ],
    ],
    [
      'Blocked beats Progressing: blockedBy names the first wave that is not Healthy',
      [
        app('vault@0'),
        app('redis@1', { sync: 'OutOfSync' }),
        app('airflow@2', { sync: 'OutOfSync' }),
      ],
      [up('cluster')],
      [
        [0, 'Healthy'],
        [1, 'Progressing'],
        [2, 'Blocked', 1],
      ],
    ],
    [
      'Degraded beats Blocked: a Degraded wave behind a Blocked one stays Degraded',
      [
        app('vault@0', { sync: 'OutOfSync' }),
        app('redis@1'),
        app('airflow@2', { health: 'Degraded' }),
      ],
      [up('cluster')],
      [
        [0, 'Progressing'],
        [1, 'Blocked', 0],
        [2, 'Degraded'],
      ],
    ],
    [
      'Unknown beats Degraded: a wave holding apps of an unreachable source is Unknown',
      [
        app('vault@0', { source: 'argocd', health: 'Degraded' }),
        app('consul@0', { health: 'Unknown', sync: 'Unknown' }),
        app('redis@1', { source: 'argocd' }),
      ],
      [down('cluster'), up('argocd')],
      [
        [0, 'Unknown'],
        [1, 'Blocked', 0],
        [2, 'Unknown'],
      ],
    ],
    [
      'Unknown beats Blocked: an unreachable source shows behind a Degraded wave',
      [
        app('vault@0', { source: 'argocd', health: 'Degraded' }),
        app('redis@1', { health: 'Unknown', sync: 'Unknown' }),
      ],
      [down('cluster'), up('argocd')],
      [
        [0, 'Degraded'],
        [1, 'Unknown'],
        [2, 'Unknown'],
      ],
    ],
    [
      'an empty wave is Unknown while any source is down (its apps may be there)',
      [
        app('vault@0', { source: 'argocd' }),
        app('redis@1', { source: 'argocd' }),
      ],
      [down('cluster'), up('argocd')],
      [
        [0, 'Healthy'],
        [1, 'Healthy'],
        [2, 'Unknown'],
      ],
    ],
    [
      'an app being deleted makes its wave Progressing and blocks the later ones',
      [
        app('vault@0'),
        app('redis@1', { deleting: true, health: 'Deleting' }),
        app('airflow@2'),
      ],
      [up('cluster')],
      [
        [0, 'Healthy'],
        [1, 'Progressing'],
        [2, 'Blocked', 1],
      ],
    ],
    [
      'an undeclared wave an application names is added, named "Wave N", in order',
      [app('vault@0'), app('spark@7'), app('kafka@5')],
      [up('cluster')],
      [
        [0, 'Healthy'],
        [1, 'Healthy'],
        [2, 'Healthy'],
        [5, 'Healthy'],
        [7, 'Healthy'],
      ],
    ],
  ])('%s', (_rule, applications, sources, expected) => {
    const { waves } = computeWaves(definitions, applications, sources);
    expect(waves.map(w => [w.id, w.state, w.blockedBy])).toEqual(
      expected.map(([id, state, blockedBy]) => [id, state, blockedBy]),
    );
  });

  it.each<[string, string, Partial<ApplicationStatus>]>([
    ['OutOfSync', 'Progressing', { sync: 'OutOfSync' }],
    ['health Progressing', 'Progressing', { health: 'Progressing' }],
    ['health Suspended', 'Progressing', { health: 'Suspended' }],
    ['no status yet', 'Progressing', { sync: 'Unknown', health: 'Unknown' }],
    [
      'a running operation on an OutOfSync app',
      'Progressing',
      { operationPhase: 'Running', sync: 'OutOfSync' },
    ],
    // A sync under way is a rollout under way, even while Argo CD still
    // reports the previous revision Synced and Healthy.
    [
      'a running operation on a Synced, Healthy app',
      'Progressing',
      { operationPhase: 'Running' },
    ],
    [
      'a terminating operation on a Synced, Healthy app',
      'Progressing',
      { operationPhase: 'Terminating' },
    ],
    [
      'an app being deleted',
      'Progressing',
      { deleting: true, health: 'Deleting' },
    ],
    [
      'an app being deleted whose last operation Failed',
      'Degraded',
      { deleting: true, health: 'Deleting', operationPhase: 'Failed' },
    ],
    ['a Succeeded operation', 'Healthy', { operationPhase: 'Succeeded' }],
  ])('%s: the wave is %s', (_what, state, overrides) => {
    const { waves } = computeWaves(
      definitions,
      [app('vault@0'), app('consul@0', overrides)],
      [up('cluster')],
    );
    expect(waves[0].state).toBe(state);
  });

  it('names undeclared waves "Wave N" and keeps the declared names', () => {
    const { waves } = computeWaves(
      definitions,
      [app('vault@0'), app('spark@7')],
      [],
    );
    expect(waves.map(w => w.name)).toEqual([
      'Core services',
      'Shared services',
      'Orchestration',
      'Wave 7',
    ]);
  });

  it('says why: the unreachable source, the Degraded apps, the blocking wave', () => {
    const unknown = computeWaves(
      definitions,
      [app('vault@0', { health: 'Unknown' })],
      [down('cluster', "Kubernetes cluster 'cluster' answered 503")],
    ).waves[0];
    expect(unknown.reason).toBe(
      "Source 'cluster' is unreachable: Kubernetes cluster 'cluster' answered 503",
    );

    const { waves } = computeWaves(
      definitions,
      [
        app('vault@0', { health: 'Degraded' }),
        app('consul@0', { operationPhase: 'Failed' }),
        app('redis@1'),
      ],
      [up('cluster')],
    );
    expect(waves[0].reason).toBe('Degraded: vault, consul');
    expect(waves[1].reason).toBe('Wave 0 (Core services) is Degraded');
    expect(waves[2].reason).toBe('Wave 0 (Core services) is Degraded');
    expect(waves[2].applications).toEqual([]);
  });

  it('names the apps being deleted, and counts them Deleting, never Healthy', () => {
    const { waves } = computeWaves(
      definitions,
      [
        app('vault@0'),
        app('consul@0', { deleting: true, health: 'Deleting' }),
        app('nats@0', { deleting: true, health: 'Deleting' }),
        app('redis@1'),
      ],
      [up('cluster')],
    );
    expect(waves[0]).toMatchObject({
      state: 'Progressing',
      reason: 'Deleting: consul, nats',
      counts: { health: { Healthy: 1, Deleting: 2 } },
    });
    expect(waves[1]).toMatchObject({
      state: 'Blocked',
      blockedBy: 0,
      reason: 'Wave 0 (Core services) is Progressing',
    });
  });

  it('gives every unassigned application a reason, and none to an app in a wave', () => {
    const { waves, unassigned } = computeWaves(
      definitions,
      [
        // No reason yet (a document written before reasons existed).
        app('jupyter'),
        app('superset', { entityRef: 'component:default/superset' }),
        app('spark', {
          unassignedReason: {
            kind: 'invalid-wave',
            value: 'three',
            message: "base-layer.io/wave label 'three' is not a wave number",
          },
        }),
        app('kafka', {
          unassignedReason: {
            kind: 'unconfigured-wave',
            wave: -1,
            message:
              "argocd.argoproj.io/sync-wave annotation '-1' is not a wave of the rollout plan: waves start at 0",
          },
        }),
        // Its entity gave it a wave: the reason its label gave goes.
        app('trino@2', {
          entityRef: 'component:default/trino',
          unassignedReason: {
            kind: 'no-wave',
            message: 'No base-layer.io/wave label',
          },
        }),
      ],
      [up('cluster')],
    );
    expect(
      Object.fromEntries(unassigned.map(a => [a.name, a.unassignedReason])),
    ).toEqual({
      jupyter: {
        kind: 'no-wave',
        message:
          'No base-layer.io/wave label or argocd.argoproj.io/sync-wave annotation, and no matched catalog entity with a wave',
      },
      superset: {
        kind: 'no-wave',
        message:
          'No base-layer.io/wave label or argocd.argoproj.io/sync-wave annotation, and its entity component:default/superset has no wave',
      },
      spark: {
        kind: 'invalid-wave',
        value: 'three',
        message: "base-layer.io/wave label 'three' is not a wave number",
      },
      kafka: {
        kind: 'unconfigured-wave',
        wave: -1,
        message:
          "argocd.argoproj.io/sync-wave annotation '-1' is not a wave of the rollout plan: waves start at 0",
      },
    });
    expect(waves[2].applications).toHaveLength(1);
    expect(waves[2].applications[0]).not.toHaveProperty('unassignedReason');
  });

  it('counts each wave by sync and health, and sets apps without a wave apart', () => {
    const { waves, unassigned } = computeWaves(
      definitions,
      [
        app('vault@0'),
        app('consul@0', { sync: 'OutOfSync', health: 'Progressing' }),
        app('jupyter'),
      ],
      [up('cluster')],
    );
    expect(waves[0]).toMatchObject({
      total: 2,
      counts: {
        sync: { Synced: 1, OutOfSync: 1 },
        health: { Healthy: 1, Progressing: 1 },
      },
    });
    expect(unassigned.map(a => a.name)).toEqual(['jupyter']);
    expect(waves.flatMap(w => w.applications).map(a => a.name)).not.toContain(
      'jupyter',
    );
  });
});
