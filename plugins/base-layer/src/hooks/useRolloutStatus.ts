import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityStatusResponse,
  WavesResponse,
} from '@internal/plugin-base-layer-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { baseLayerApiRef } from '../api';
import { useAutoRefresh } from './useAutoRefresh';
import { loadEntityStatus } from './useEntityStatus';

/** How often the status reloads while an action is followed. */
export const FOLLOW_INTERVAL_MS = 2_000;
/**
 * An action is followed at least this long: the first reload may still show
 * the status from before the action, as the backend re-reads its sources.
 */
const MIN_FOLLOW_MS = 8_000;
/** And at most this long, however long the operation runs. */
const MAX_FOLLOW_MS = 3 * 60_000;

/** The entity's status and the waves, which say whether the gate holds. */
export interface RolloutStatus {
  status: EntityStatusResponse;
  /** Undefined when the waves could not be read: the backend still checks the gate. */
  waves?: WavesResponse;
}

/** Whether no application of the entity has an operation under way. */
function settled(status: EntityStatusResponse): boolean {
  return status.applications.every(
    a =>
      a.operationPhase !== 'Running' &&
      a.operationPhase !== 'Terminating' &&
      a.health !== 'Progressing',
  );
}

/**
 * The entity's status and the waves, reloaded on every status change the
 * backend signals, every `refreshIntervalMs` (a slow fallback with signals)
 * while the tab is visible, and every {@link FOLLOW_INTERVAL_MS} after
 * `follow()` until the operation an action started has settled.
 */
export function useRolloutStatus(entity: Entity, refreshIntervalMs: number) {
  const api = useApi(baseLayerApiRef);
  const sharedRef = useRef(true);
  const load = useCallback(async (): Promise<RolloutStatus> => {
    // The first load shares the request of the page's other cards.
    const force = !sharedRef.current;
    sharedRef.current = false;
    const [status, waves] = await Promise.all([
      loadEntityStatus(api, entity, force),
      api.getWaves().catch(() => undefined),
    ]);
    return { status, waves };
  }, [api, entity]);

  const [followingSince, setFollowingSince] = useState<number>();
  const state = useAutoRefresh(
    load,
    followingSince === undefined ? refreshIntervalMs : FOLLOW_INTERVAL_MS,
    { fallbackPoll: followingSince === undefined },
  );
  const follow = useCallback(() => setFollowingSince(Date.now()), []);

  const { value, loadedAt } = state;
  useEffect(() => {
    if (followingSince === undefined || !value || !loadedAt) {
      return;
    }
    const elapsed = loadedAt - followingSince;
    if (
      elapsed >= MAX_FOLLOW_MS ||
      (elapsed >= MIN_FOLLOW_MS && settled(value.status))
    ) {
      setFollowingSince(undefined);
    }
  }, [followingSince, value, loadedAt]);

  return { ...state, following: followingSince !== undefined, follow };
}
