import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  ApplicationTransition,
  HealthStatus,
  SyncStatus,
  WaveState,
  WaveTransition,
} from '@internal/plugin-base-layer-common';
import { Knex } from 'knex';

const TABLE = 'wave_transitions';
const APPLICATION_TABLE = 'application_transitions';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-base-layer-backend',
  'migrations',
);

interface TransitionRow {
  id: number | string;
  wave_id: number;
  from_state: WaveState | null;
  to_state: WaveState;
  reason: string | null;
  at: Date | string | number;
}

interface ApplicationTransitionRow {
  id: number | string;
  source: string;
  namespace: string;
  name: string;
  entity_ref: string | null;
  wave_id: number | null;
  from_sync: SyncStatus | null;
  from_health: HealthStatus | null;
  to_sync: SyncStatus;
  to_health: HealthStatus;
  requested_action: 'sync' | 'refresh' | null;
  requested_by: string | null;
  requested_force: boolean | number | null;
  at: Date | string | number;
}

/** Rows per insert, below SQLite's limit of bound parameters. */
const INSERT_CHUNK = 50;

export interface HistoryQuery {
  wave?: number;
  since?: Date;
  limit: number;
}

/**
 * Wave state transitions and application sync/health transitions in the
 * plugin's database, newest first.
 */
export class WaveHistoryStore {
  static async create(database: DatabaseService): Promise<WaveHistoryStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new WaveHistoryStore(knex);
  }

  /** For tests: migrates the given database and wraps it. */
  static async fromKnex(knex: Knex): Promise<WaveHistoryStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new WaveHistoryStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * Records the waves whose state differs from their last recorded one.
   * Returns the transitions written.
   */
  async recordStates(
    states: Array<{ waveId: number; state: WaveState; reason?: string }>,
    at: Date,
  ): Promise<WaveTransition[]> {
    return this.knex.transaction(async tx => {
      const latest = await tx<TransitionRow>(TABLE)
        .whereIn('id', tx(TABLE).max('id').groupBy('wave_id'))
        .select('wave_id', 'to_state');
      const current = new Map(latest.map(r => [r.wave_id, r.to_state]));
      const written: WaveTransition[] = [];
      for (const { waveId, state, reason } of states) {
        const from = current.get(waveId) ?? null;
        if (from === state) {
          continue;
        }
        written.push({
          waveId,
          from,
          to: state,
          ...(reason && { reason }),
          at: at.toISOString(),
        });
      }
      if (written.length > 0) {
        await tx(TABLE).insert(
          written.map(t => ({
            wave_id: t.waveId,
            from_state: t.from,
            to_state: t.to,
            reason: t.reason ?? null,
            at,
          })),
        );
      }
      return written;
    });
  }

  async list(query: HistoryQuery): Promise<WaveTransition[]> {
    let q = this.knex<TransitionRow>(TABLE)
      .select('*')
      .orderBy('id', 'desc')
      .limit(query.limit);
    if (query.wave !== undefined) {
      q = q.where('wave_id', query.wave);
    }
    if (query.since) {
      q = q.where('at', '>=', query.since);
    }
    const rows = await q;
    return rows.map(row => ({
      waveId: Number(row.wave_id),
      from: row.from_state,
      to: row.to_state,
      ...(row.reason && { reason: row.reason }),
      at: new Date(row.at).toISOString(),
    }));
  }

  /** Records application transitions (see `applicationTransitions`). */
  async recordApplicationTransitions(
    transitions: ApplicationTransition[],
  ): Promise<void> {
    if (transitions.length === 0) {
      return;
    }
    await this.knex.batchInsert(
      APPLICATION_TABLE,
      transitions.map(t => ({
        source: t.source,
        namespace: t.namespace,
        name: t.name,
        // Entity refs compare case-insensitively, as in the catalog.
        entity_ref: t.entityRef?.toLocaleLowerCase('en-US') ?? null,
        wave_id: t.wave,
        from_sync: t.from?.sync ?? null,
        from_health: t.from?.health ?? null,
        to_sync: t.to.sync,
        to_health: t.to.health,
        requested_action: t.requested?.action ?? null,
        requested_by: t.requested?.by ?? null,
        requested_force: t.requested ? t.requested.force === true : null,
        at: new Date(t.at),
      })),
      INSERT_CHUNK,
    );
  }

  /** The transitions of the applications of one catalog entity, newest first. */
  async listApplicationTransitions(query: {
    entityRef: string;
    limit: number;
  }): Promise<ApplicationTransition[]> {
    const rows = await this.knex<ApplicationTransitionRow>(APPLICATION_TABLE)
      .select('*')
      .where('entity_ref', query.entityRef.toLocaleLowerCase('en-US'))
      .orderBy('id', 'desc')
      .limit(query.limit);
    return rows.map(row => ({
      source: row.source,
      namespace: row.namespace,
      name: row.name,
      ...(row.entity_ref && { entityRef: row.entity_ref }),
      wave: row.wave_id === null ? null : Number(row.wave_id),
      from:
        row.from_sync && row.from_health
          ? { sync: row.from_sync, health: row.from_health }
          : null,
      to: { sync: row.to_sync, health: row.to_health },
      ...(row.requested_action &&
        row.requested_by && {
          requested: {
            action: row.requested_action,
            by: row.requested_by,
            // SQLite answers booleans as 0 and 1.
            ...(Boolean(row.requested_force) && { force: true }),
          },
        }),
      at: new Date(row.at).toISOString(),
    }));
  }

  /**
   * Deletes transitions recorded before `cutoff`: application transitions
   * all, wave transitions except each wave's latest one, which the next
   * transition is compared with. Returns how many.
   */
  async prune(cutoff: Date): Promise<number> {
    const latestIds = (
      await this.knex(TABLE).max({ id: 'id' }).groupBy('wave_id')
    ).map(r => r.id);
    const waves = await this.knex(TABLE)
      .where('at', '<', cutoff)
      .whereNotIn('id', latestIds)
      .delete();
    const applications = await this.knex(APPLICATION_TABLE)
      .where('at', '<', cutoff)
      .delete();
    return waves + applications;
  }
}
