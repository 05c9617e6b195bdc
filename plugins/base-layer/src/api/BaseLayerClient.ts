import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ActionResponse,
  ApplicationHistoryResponse,
  ApplicationSyncRequest,
  EntityStatusResponse,
  HistoryResponse,
  RevisionsResponse,
  WavesResponse,
  WaveStatus,
  WaveSyncRequest,
} from '@internal/plugin-base-layer-common';
import { BaseLayerApi, HistoryQuery } from './BaseLayerApi';

/** `kind/namespace/name` of an entity, each part URL-encoded. */
const entityPath = (entity: CompoundEntityRef) =>
  [entity.kind, entity.namespace, entity.name]
    .map(encodeURIComponent)
    .join('/');

/** A status answered again unchanged: the same data, `seconds` older. */
function olderBy(status: WavesResponse, seconds: number): WavesResponse {
  return {
    ...status,
    ageSeconds: status.ageSeconds + seconds,
    sources: status.sources.map(s =>
      s.ageSeconds === undefined
        ? s
        : { ...s, ageSeconds: s.ageSeconds + seconds },
    ),
  };
}

/**
 * Talks to the base-layer backend with the signed-in user's credentials.
 *
 * @public
 */
export class BaseLayerClient implements BaseLayerApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private lastWaves?: { etag: string; body: WavesResponse; at: number };

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /**
   * Asks with the ETag of the last answer: an unchanged status costs a 304
   * without a body, answered with the last body, its ages moved on.
   */
  async getWaves(): Promise<WavesResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('base-layer');
    const last = this.lastWaves;
    const response = await this.fetchApi.fetch(`${baseUrl}/waves`, {
      cache: 'no-store',
      ...(last && { headers: { 'if-none-match': last.etag } }),
    });
    if (response.status === 304 && last) {
      return olderBy(last.body, Math.round((Date.now() - last.at) / 1000));
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as WavesResponse;
    // A cross-origin backend shows the ETag only with `cors.exposedHeaders`.
    const etag = response.headers.get('etag');
    this.lastWaves = etag ? { etag, body, at: Date.now() } : undefined;
    return body;
  }

  getWave(id: number): Promise<WaveStatus> {
    return this.get(`/waves/${encodeURIComponent(String(id))}`);
  }

  getEntityStatus(entity: CompoundEntityRef): Promise<EntityStatusResponse> {
    return this.get(`/entities/${entityPath(entity)}/status`);
  }

  getRevisions(entity: CompoundEntityRef): Promise<RevisionsResponse> {
    return this.get(`/entities/${entityPath(entity)}/revisions`);
  }

  getHistory(query: HistoryQuery = {}): Promise<HistoryResponse> {
    const params = new URLSearchParams();
    if (query.wave !== undefined) {
      params.set('wave', String(query.wave));
    }
    if (query.limit !== undefined) {
      params.set('limit', String(query.limit));
    }
    const search = params.toString();
    return this.get(`/history${search ? `?${search}` : ''}`);
  }

  getEntityHistory(
    entity: CompoundEntityRef,
  ): Promise<ApplicationHistoryResponse> {
    return this.get(`/entities/${entityPath(entity)}/history`);
  }

  refresh(entity: CompoundEntityRef): Promise<ActionResponse> {
    return this.post(`/entities/${entityPath(entity)}/refresh`, {});
  }

  sync(
    entity: CompoundEntityRef,
    request: ApplicationSyncRequest = {},
  ): Promise<ActionResponse> {
    return this.post(`/entities/${entityPath(entity)}/sync`, request);
  }

  syncWave(id: number, request: WaveSyncRequest = {}): Promise<ActionResponse> {
    return this.post(`/waves/${encodeURIComponent(String(id))}/sync`, request);
  }

  private get<T>(path: string): Promise<T> {
    return this.request(path);
  }

  private post<T>(path: string, body: object): Promise<T> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('base-layer');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
