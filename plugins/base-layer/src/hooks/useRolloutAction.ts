import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  ActionResponse,
  RolloutAction,
} from '@internal/plugin-base-layer-common';
import { useCallback, useState } from 'react';
import { describeActionError, describeActionResponse } from '../lib/actions';

/**
 * Runs rollout actions and tells the person how each went in a snackbar:
 * every application's result, or the backend's refusal and its reason.
 * `onSettled` runs after each, succeeded or not, so the status can follow.
 */
export function useRolloutAction(onSettled?: () => void) {
  const alertApi = useApi(alertApiRef);
  const [running, setRunning] = useState<RolloutAction>();

  const run = useCallback(
    async (
      action: RolloutAction,
      target: string,
      call: () => Promise<ActionResponse>,
    ) => {
      setRunning(action);
      try {
        const response = await call();
        alertApi.post({
          message: describeActionResponse(response),
          severity: 'success',
          display: 'transient',
        });
      } catch (error) {
        alertApi.post({
          message: describeActionError(action, target, error),
          severity: 'error',
        });
      } finally {
        setRunning(undefined);
        onSettled?.();
      }
    },
    [alertApi, onSettled],
  );

  return { running, run };
}
