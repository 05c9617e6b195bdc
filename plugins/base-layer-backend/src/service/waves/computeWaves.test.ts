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
    // The state reads sync and health only: Argo CD reports the app itself.
    [
      'a running operation on a Synced, Healthy app',
      'Healthy',
      { operationPhase: 'Running' },
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
