import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useRef } from 'react';
import { EntityStatusResponse } from '@internal/plugin-base-layer-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { BaseLayerApi, baseLayerApiRef } from '../api';
import { withRetryAfter } from '../lib/retryAfter';

// The module, links and health cards sit on one page and need the same
// response; sharing the request for a few seconds saves two round trips.
const SHARE_MS = 5_000;
const shared = new WeakMap<
  BaseLayerApi,
  Map<string, { at: number; promise: Promise<EntityStatusResponse> }>
>();

/**
 * The entity's status, shared for a few seconds between the cards of a page
 * unless `force`d. A backend that has just started answers 503 with
 * `Retry-After` while its catalog loads: the load waits and asks again.
 */
export function loadEntityStatus(
  api: BaseLayerApi,
  entity: Entity,
  force: boolean = false,
): Promise<EntityStatusResponse> {
  let byRef = shared.get(api);
  if (!byRef) {
    byRef = new Map();
    shared.set(api, byRef);
  }
  const ref = stringifyEntityRef(entity);
  const hit = byRef.get(ref);
  if (!force && hit && Date.now() - hit.at < SHARE_MS) {
    return hit.promise;
  }
  const promise = withRetryAfter(() =>
    api.getEntityStatus(getCompoundEntityRef(entity)),
  );
  byRef.set(ref, { at: Date.now(), promise });
  promise.catch(() => byRef?.delete(ref));
  return promise;
}

/** The base-layer backend's view of one entity: its wave, apps, links and tool health. */
export function useEntityStatus(entity: Entity) {
  const api = useApi(baseLayerApiRef);
  const forceRef = useRef(false);
  const state = useAsyncRetry(() => {
    const force = forceRef.current;
    forceRef.current = false;
    return loadEntityStatus(api, entity, force);
  }, [api, entity]);
  const { retry } = state;
  const forceRetry = useCallback(() => {
    forceRef.current = true;
    retry();
  }, [retry]);
  return { ...state, retry: forceRetry };
}
