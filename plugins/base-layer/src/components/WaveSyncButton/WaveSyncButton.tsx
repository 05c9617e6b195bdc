import { useApi } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import {
  applicationsToSync,
  baseLayerWaveForcePermission,
  baseLayerWaveSyncPermission,
  findWaveGate,
  SourceStatus,
  WaveStatus,
} from '@internal/plugin-base-layer-common';
import SyncIcon from '@material-ui/icons/Sync';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { baseLayerApiRef } from '../../api';
import { useRolloutAction } from '../../hooks/useRolloutAction';
import { describeGate, findReadOnlySource } from '../../lib/actions';
import { ActionButton } from '../RolloutActions/ActionButton';
import { SyncDialog } from '../SyncDialog';

/** Props of {@link WaveSyncButton}. */
export interface WaveSyncButtonProps {
  wave: WaveStatus;
  /** Every wave of the plan, unrestricted, for the gate. */
  waves: WaveStatus[];
  sources: SourceStatus[];
  /** Called after the sync, to reload the waves. */
  onActed?: () => void;
}

/**
 * Whether the user may sync the wave: the backend asks for
 * `base-layer.wave.sync` on every entity of the applications to sync, and an
 * unconditional grant for applications no entity claims. Resolves to the
 * refs refused.
 */
function useWaveSyncDenials(refs: string[], unowned: boolean) {
  const permissionApi = useApi(permissionApiRef);
  const key = `${refs.join(',')}|${unowned}`;
  return useAsync(async () => {
    const requests = [
      ...refs.map(resourceRef => ({
        permission: baseLayerWaveSyncPermission,
        resourceRef,
      })),
      ...(unowned ? [{ permission: baseLayerWaveSyncPermission }] : []),
    ];
    const decisions = await Promise.all(
      requests.map(r => permissionApi.authorize(r)),
    );
    return requests
      .filter((_, i) => decisions[i].result !== AuthorizeResult.ALLOW)
      .map(r =>
        'resourceRef' in r ? r.resourceRef : 'applications no entity claims',
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [permissionApi, key]);
}

/**
 * "Sync wave": asks, naming the applications it will sync (those not Synced
 * and Healthy), then syncs them. Disabled, with the reason as tooltip, when
 * there is nothing to sync, the user may not, an application is read-only,
 * or an earlier wave is not Healthy and the user may not force past it.
 */
export const WaveSyncButton = ({
  wave,
  waves,
  sources,
  onActed,
}: WaveSyncButtonProps) => {
  const api = useApi(baseLayerApiRef);
  const applications = useMemo(() => applicationsToSync(wave), [wave]);
  const refs = useMemo(
    () =>
      [
        ...new Set(
          applications.flatMap(a => (a.entityRef ? [a.entityRef] : [])),
        ),
      ].sort(),
    [applications],
  );
  const denials = useWaveSyncDenials(
    refs,
    applications.some(a => !a.entityRef),
  );
  const forcePermission = usePermission({
    permission: baseLayerWaveForcePermission,
  });
  const { running, run } = useRolloutAction(onActed);
  const [confirming, setConfirming] = useState(false);

  const gate = findWaveGate(waves, wave.id);
  const canForce = forcePermission.allowed;
  let reason: string | undefined;
  if (applications.length === 0) {
    reason = 'Every application of the wave is Synced and Healthy';
  } else if (denials.loading) {
    reason = 'Checking your permissions…';
  } else if (denials.value?.length) {
    reason = `You are not allowed to sync this wave (${
      baseLayerWaveSyncPermission.name
    }) on ${denials.value.join(', ')}`;
  } else {
    reason = findReadOnlySource(sources, applications);
  }
  if (!reason && gate && !canForce) {
    reason = `${describeGate(gate)}. Sync that wave first`;
  }
  const caveat =
    !reason && gate
      ? `${describeGate(gate)}. As an admin you may sync anyway`
      : undefined;

  return (
    // The button sits in the accordion's summary: a click must not toggle it.
    <span
      onClick={e => e.stopPropagation()}
      onFocus={e => e.stopPropagation()}
      role="presentation"
    >
      <ActionButton
        startIcon={<SyncIcon />}
        disabled={Boolean(reason) || running !== undefined}
        reason={reason ?? caveat}
        aria-label={`Sync wave ${wave.id}`}
        onClick={() => setConfirming(true)}
      >
        {running ? 'Syncing…' : 'Sync wave'}
      </ActionButton>
      <SyncDialog
        open={confirming}
        title={`Sync wave ${wave.id} (${wave.name})?`}
        applications={applications}
        gate={gate}
        canForce={canForce}
        onCancel={() => setConfirming(false)}
        onConfirm={({ force, prune }) => {
          setConfirming(false);
          run('sync', `wave ${wave.id}`, () =>
            api.syncWave(wave.id, {
              ...(force && { force }),
              ...(prune && { prune }),
            }),
          );
        }}
      />
    </span>
  );
};
