import { CacheService } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

/**
 * How long a recorded wave is trusted without the entity being processed
 * again. The catalog reprocesses every entity every 100 to 150 s by default, so
 * an entry is normally rewritten long before it expires; the TTL only clears
 * waves of entities that left the catalog or lost their BASE layer annotations.
 */
const DEFAULT_TTL: HumanDuration = { hours: 1 };

const KEY_PREFIX = 'base-layer:wave:';

/**
 * The last wave the processor saw on each entity, shared by every catalog
 * replica through the catalog plugin's cache service (memory locally, Redis or
 * similar in production).
 *
 * The dependency check reads this index instead of calling the catalog from
 * inside the processing loop. It is eventually consistent: a dependency that
 * has not been processed yet has no wave here, and the check on its dependent
 * catches up on the dependent's next processing pass.
 *
 * @public
 */
export class EntityWaveIndex {
  constructor(
    private readonly cache: CacheService,
    private readonly ttl: HumanDuration = DEFAULT_TTL,
  ) {}

  /** Records the wave of an entity, or forgets it when the entity has none. */
  async record(entityRef: string, wave: number | undefined): Promise<void> {
    const key = this.key(entityRef);
    if (wave === undefined) {
      await this.cache.delete(key);
    } else {
      await this.cache.set(key, wave, { ttl: this.ttl });
    }
  }

  /** The known waves of the given entities; unknown entities are left out. */
  async lookup(entityRefs: string[]): Promise<Map<string, number>> {
    const waves = new Map<string, number>();
    await Promise.all(
      entityRefs.map(async ref => {
        const wave = await this.cache.get(this.key(ref));
        if (typeof wave === 'number') {
          waves.set(ref, wave);
        }
      }),
    );
    return waves;
  }

  private key(entityRef: string): string {
    // Entity refs compare case-insensitively in the catalog.
    return `${KEY_PREFIX}${entityRef.toLocaleLowerCase('en-US')}`;
  }
}
