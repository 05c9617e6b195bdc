import { TestDatabases } from '@backstage/backend-test-utils';
import { ApplicationTransition } from '@internal/plugin-base-layer-common';
import { WaveHistoryStore } from './WaveHistoryStore';

jest.setTimeout(60_000);

const POSTGRES_VARIABLE =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

describe('WaveHistoryStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  beforeAll(() => {
    // Without it the PostgreSQL cases are skipped, not failed: say so.
    if (!process.env[POSTGRES_VARIABLE]) {
      process.stderr.write(
        `WARNING: ${POSTGRES_VARIABLE} is not set: WaveHistoryStore is tested on SQLite only, PostgreSQL 15 is skipped (scripts/test.sh sets it)\n`,
      );
    }
  });

  const at = (iso: string) => new Date(iso);

  it.each(databases.eachSupportedId())(
    'records only changes of state, newest first, on %p',
    async databaseId => {
      const store = await WaveHistoryStore.fromKnex(
        await databases.init(databaseId),
      );
      expect(
        await store.recordStates(
          [
            { waveId: 0, state: 'Healthy' },
            { waveId: 1, state: 'Progressing' },
          ],
          at('2026-11-20T10:00:00Z'),
        ),
      ).toHaveLength(2);
      // Same states again: nothing new.
      expect(
        await store.recordStates(
          [
            { waveId: 0, state: 'Healthy' },
            { waveId: 1, state: 'Progressing' },
          ],
          at('2026-11-20T10:01:00Z'),
        ),
      ).toEqual([]);
      await store.recordStates(
        [
          { waveId: 0, state: 'Healthy' },
          { waveId: 1, state: 'Degraded', reason: 'Degraded: monitoring' },
        ],
        at('2026-11-20T10:02:00Z'),
      );

      expect(await store.list({ limit: 10 })).toEqual([
        {
          waveId: 1,
          from: 'Progressing',
          to: 'Degraded',
          reason: 'Degraded: monitoring',
          at: '2026-11-20T10:02:00.000Z',
        },
        {
          waveId: 1,
          from: null,
          to: 'Progressing',
          at: '2026-11-20T10:00:00.000Z',
        },
        {
          waveId: 0,
          from: null,
          to: 'Healthy',
          at: '2026-11-20T10:00:00.000Z',
        },
      ]);
      expect(await store.list({ limit: 10, wave: 0 })).toHaveLength(1);
      expect(await store.list({ limit: 1 })).toHaveLength(1);
      expect(
        await store.list({ limit: 10, since: at('2026-11-20T10:01:00Z') }),
      ).toEqual([expect.objectContaining({ to: 'Degraded' })]);
    },
  );

  it.each(databases.eachSupportedId())(
    'prunes by age but keeps each wave’s latest state, on %p',
    async databaseId => {
      const store = await WaveHistoryStore.fromKnex(
        await databases.init(databaseId),
      );
      await store.recordStates(
        [
          { waveId: 0, state: 'Progressing' },
          { waveId: 1, state: 'Blocked', reason: 'Wave 0 is Progressing' },
        ],
        at('2026-10-01T00:00:00Z'),
      );
      await store.recordStates(
        [{ waveId: 0, state: 'Healthy' }],
        at('2026-10-02T00:00:00Z'),
      );
      await store.recordStates(
        [{ waveId: 0, state: 'Degraded' }],
        at('2026-11-20T00:00:00Z'),
      );

      expect(await store.prune(at('2026-11-01T00:00:00Z'))).toBe(2);
      const left = await store.list({ limit: 10 });
      expect(left.map(t => [t.waveId, t.to])).toEqual([
        [0, 'Degraded'],
        [1, 'Blocked'],
      ]);
      // The kept row still stops a repeated state from being recorded again.
      expect(
        await store.recordStates(
          [{ waveId: 1, state: 'Blocked' }],
          at('2026-11-21T00:00:00Z'),
        ),
      ).toEqual([]);
    },
  );

  const appTransition = (
    name: string,
    when: string,
    to: ApplicationTransition['to'],
    from: ApplicationTransition['from'] = null,
  ): ApplicationTransition => ({
    source: 'platform-services',
    namespace: 'argocd',
    name,
    entityRef: `component:default/${name}`,
    wave: 0,
    from,
    to,
    at: when,
  });

  it.each(databases.eachSupportedId())(
    "lists an entity's application transitions newest first, and prunes them by age, on %p",
    async databaseId => {
      const store = await WaveHistoryStore.fromKnex(
        await databases.init(databaseId),
      );
      await store.recordApplicationTransitions([
        appTransition('vault', '2026-10-01T00:00:00.000Z', {
          sync: 'Synced',
          health: 'Degraded',
        }),
        appTransition('mlflow', '2026-10-01T00:00:00.000Z', {
          sync: 'Synced',
          health: 'Healthy',
        }),
      ]);
      await store.recordApplicationTransitions([
        appTransition(
          'vault',
          '2026-11-20T00:00:00.000Z',
          { sync: 'Synced', health: 'Deleting' },
          { sync: 'Synced', health: 'Degraded' },
        ),
      ]);
      await store.recordApplicationTransitions([]);

      expect(
        await store.listApplicationTransitions({
          entityRef: 'Component:default/vault',
          limit: 10,
        }),
      ).toEqual([
        appTransition(
          'vault',
          '2026-11-20T00:00:00.000Z',
          { sync: 'Synced', health: 'Deleting' },
          { sync: 'Synced', health: 'Degraded' },
        ),
        appTransition('vault', '2026-10-01T00:00:00.000Z', {
          sync: 'Synced',
          health: 'Degraded',
        }),
      ]);
      expect(
        await store.listApplicationTransitions({
          entityRef: 'component:default/vault',
          limit: 1,
        }),
      ).toHaveLength(1);

      expect(await store.prune(at('2026-11-01T00:00:00Z'))).toBe(2);
      expect(
        await store.listApplicationTransitions({
          entityRef: 'component:default/vault',
          limit: 10,
        }),
      ).toEqual([expect.objectContaining({ at: '2026-11-20T00:00:00.000Z' })]);
      expect(
        await store.listApplicationTransitions({
          entityRef: 'component:default/mlflow',
          limit: 10,
        }),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps who started a sync from the portal, and whether it was forced, on %p',
    async databaseId => {
      const store = await WaveHistoryStore.fromKnex(
        await databases.init(databaseId),
      );
      const state = { sync: 'OutOfSync', health: 'Healthy' } as const;
      const requested = (by: string, force?: boolean) => ({
        source: 'argocd',
        namespace: 'argocd',
        name: 'mlflow',
        entityRef: 'component:default/mlflow',
        wave: 2,
        from: state,
        to: state,
        requested: { action: 'sync' as const, by, ...(force && { force }) },
        at: '2026-11-20T00:00:00.000Z',
      });
      await store.recordApplicationTransitions([requested('user:default/bob')]);
      await store.recordApplicationTransitions([
        requested('user:default/ada', true),
      ]);
      expect(
        await store.listApplicationTransitions({
          entityRef: 'component:default/mlflow',
          limit: 10,
        }),
      ).toEqual([
        requested('user:default/ada', true),
        requested('user:default/bob'),
      ]);
    },
  );
});
