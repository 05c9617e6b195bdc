import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * A cache that copies values through JSON on every get and set, as Redis or
 * Memcached would, so the benchmark does not flatter the engine.
 */
export function memoryCache(): CacheService {
  const store = new Map<string, string>();
  const cache: CacheService = {
    get: async <T extends JsonValue>(key: string) =>
      store.has(key) ? (JSON.parse(store.get(key)!) as T) : undefined,
    set: async (key, value) => {
      store.set(key, JSON.stringify(value));
    },
    delete: async key => {
      store.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

/** A logger that drops everything, so logging does not skew timings. */
export function silentLogger(): LoggerService {
  const logger: LoggerService = {
    error: () => {},
    warn: () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}
