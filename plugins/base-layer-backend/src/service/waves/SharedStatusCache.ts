import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { WaveStatusDocument } from './WaveStatusDocument';

/** Cache key of the shared status; the name predates `WaveStatusDocument`. */
const STATUS_KEY = 'waves:snapshot';
const VERSION_KEY = 'waves:version';
/** Keep the last good status long after refreshes stop, so it can be served stale. */
const STATUS_TTL_MS = 7 * 24 * 3600_000;

/**
 * The computed status as every replica shares it through the cache: the
 * document under one key and its version (its `generatedAt`) under another.
 * A cache that fails is logged and leaves this replica's own copy in use.
 */
export class SharedStatusCache {
  /** The last document this replica read from the cache or wrote to it. */
  local?: WaveStatusDocument;

  constructor(
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Reads the shared document and the version it was read at. Only the small
   * version key is read on every request; the document itself only when
   * another replica published a newer one.
   */
  async read(): Promise<{ document?: WaveStatusDocument; version?: string }> {
    try {
      const version = await this.cache.get<string>(VERSION_KEY);
      if (version !== undefined && version === this.local?.generatedAt) {
        return { document: this.local, version };
      }
      const shared = await this.cache.get<JsonObject>(STATUS_KEY);
      if (shared) {
        this.local = shared as unknown as WaveStatusDocument;
      }
      return { document: this.local, version };
    } catch (error) {
      this.logger.warn('Reading the wave status cache failed', {
        error: String(error),
      });
      return { document: this.local };
    }
  }

  async readVersion(): Promise<string | undefined> {
    try {
      return await this.cache.get<string>(VERSION_KEY);
    } catch {
      // read() already reported the cache as failing.
      return undefined;
    }
  }

  /** Publishes a document: this replica serves it even when the cache fails. */
  async write(document: WaveStatusDocument): Promise<void> {
    this.local = document;
    try {
      await this.cache.set(STATUS_KEY, document as unknown as JsonObject, {
        ttl: STATUS_TTL_MS,
      });
      await this.cache.set(VERSION_KEY, document.generatedAt, {
        ttl: STATUS_TTL_MS,
      });
    } catch (error) {
      this.logger.warn('Writing the wave status cache failed', {
        error: String(error),
      });
    }
  }
}
