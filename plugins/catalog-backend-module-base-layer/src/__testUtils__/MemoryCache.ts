import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/** A Map-backed CacheService for unit tests (TTL is not simulated). */
export class MemoryCache implements CacheService {
  readonly entries = new Map<string, JsonValue>();

  async get<TValue extends JsonValue>(key: string) {
    return this.entries.get(key) as TValue | undefined;
  }

  async set(key: string, value: JsonValue) {
    this.entries.set(key, value);
  }

  async delete(key: string) {
    this.entries.delete(key);
  }

  withOptions(): CacheService {
    return this;
  }
}
