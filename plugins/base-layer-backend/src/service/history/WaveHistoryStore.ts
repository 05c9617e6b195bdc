import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { WaveState, WaveTransition } from '@internal/plugin-base-layer-common';
import { Knex } from 'knex';

const TABLE = 'wave_transitions';

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

export interface HistoryQuery {
  wave?: number;
  since?: Date;
  limit: number;
}

/** Wave state transitions in the plugin's database, newest first. */
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

  /**
   * Deletes transitions recorded before `cutoff`, except each wave's latest
   * one, which the next transition is compared with. Returns how many.
   */
  async prune(cutoff: Date): Promise<number> {
    const latestIds = (
      await this.knex(TABLE).max({ id: 'id' }).groupBy('wave_id')
    ).map(r => r.id);
    return this.knex(TABLE)
      .where('at', '<', cutoff)
      .whereNotIn('id', latestIds)
      .delete();
  }
}
