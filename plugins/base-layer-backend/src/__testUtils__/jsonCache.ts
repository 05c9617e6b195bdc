import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * A cache that copies values through JSON on every get and set, as Redis
 * does, so nothing passes by reference. One instance given to several
 * services is a shared cache; one instance each is the memory cache every
 * process has without a shared store.
 */
export function jsonCache(): CacheService {
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
