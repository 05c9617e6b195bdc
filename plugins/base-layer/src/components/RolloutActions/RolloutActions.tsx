import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  baseLayerApplicationRefreshPermission,
  baseLayerApplicationSyncPermission,
  baseLayerWaveForcePermission,
  EntityStatusResponse,
  WavesResponse,
} from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import RefreshIcon from '@material-ui/icons/Refresh';
import SyncIcon from '@material-ui/icons/Sync';
import { useState } from 'react';
import { baseLayerApiRef } from '../../api';
import { useRolloutAction } from '../../hooks/useRolloutAction';
import {
  describeGate,
  findApplicationsGate,
  findReadOnlySource,
} from '../../lib/actions';
import { SyncDialog } from '../SyncDialog';
import { ActionButton } from './ActionButton';

/** Props of {@link RolloutActions}. */
export interface RolloutActionsProps {
  /** The entity's status; the buttons stay disabled until it is known. */
  status?: EntityStatusResponse;
  /** The waves, for the gate; without them the backend alone checks it. */
  waves?: WavesResponse;
  /** Called after each action, to follow the operation it started. */
  onActed?: () => void;
}

/**
 * Refresh and Sync of the entity's Argo CD applications. Each is disabled,
 * with the reason as its tooltip, when the user may not, when an
 * application is read from a snapshot, and (Sync) while an earlier wave is
 * not Healthy, unless the user may force past the wave gate.
 */
export const RolloutActions = ({
  status,
  waves,
  onActed,
}: RolloutActionsProps) => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(baseLayerApiRef);
  const refreshPermission = usePermission({
    permission: baseLayerApplicationRefreshPermission,
    resourceRef: entityRef,
  });
  const syncPermission = usePermission({
    permission: baseLayerApplicationSyncPermission,
    resourceRef: entityRef,
  });
  const forcePermission = usePermission({
    permission: baseLayerWaveForcePermission,
  });
  const { running, run } = useRolloutAction(onActed);
  const [confirming, setConfirming] = useState(false);

  const applications = status?.applications ?? [];
  const readOnly = waves && findReadOnlySource(waves.sources, applications);
  const gate = waves && findApplicationsGate(waves.waves, applications);
  const canForce = forcePermission.allowed;
  const busy = applications.find(
    a => a.operationPhase === 'Running' || a.operationPhase === 'Terminating',
  );

  /** Why an action may not be taken now, in the order the backend checks. */
  const commonReason = (
    verb: string,
    permission: { loading: boolean; allowed: boolean },
    name: string,
  ) => {
    if (!status) {
      return 'Loading the status…';
    }
    if (applications.length === 0) {
      return `No Argo CD application to ${verb}`;
    }
    if (permission.loading) {
      return 'Checking your permissions…';
    }
    if (!permission.allowed) {
      return `You are not allowed to ${verb} ${entityRef} (${name}): only its owners and admins may`;
    }
    return readOnly || undefined;
  };
  const refreshReason = commonReason(
    'refresh',
    refreshPermission,
    baseLayerApplicationRefreshPermission.name,
  );
  let syncReason = commonReason(
    'sync',
    syncPermission,
    baseLayerApplicationSyncPermission.name,
  );
  if (!syncReason && busy) {
    syncReason = `An operation is ${busy.operationPhase} on ${busy.name}; wait for it to finish`;
  }
  if (!syncReason && gate && !canForce) {
    syncReason = `${describeGate(gate)}. Sync that wave first`;
  }
  const syncCaveat =
    !syncReason && gate
      ? `${describeGate(gate)}. As an admin you may sync anyway`
      : undefined;

  const target = getCompoundEntityRef(entity);
  return (
    <Box
      display="flex"
      style={{ gap: 8 }}
      role="group"
      aria-label="Rollout actions"
    >
      <ActionButton
        startIcon={<RefreshIcon />}
        disabled={Boolean(refreshReason) || running !== undefined}
        reason={refreshReason}
        onClick={() => run('refresh', entityRef, () => api.refresh(target))}
      >
        {running === 'refresh' ? 'Refreshing…' : 'Refresh'}
      </ActionButton>
      <ActionButton
        startIcon={<SyncIcon />}
        disabled={Boolean(syncReason) || running !== undefined}
        reason={syncReason ?? syncCaveat}
        onClick={() => setConfirming(true)}
      >
        {running === 'sync' ? 'Syncing…' : 'Sync'}
      </ActionButton>
      <SyncDialog
        open={confirming}
        title={`Sync ${entity.metadata.title ?? entity.metadata.name}?`}
        applications={applications}
        gate={gate}
        canForce={canForce}
        onCancel={() => setConfirming(false)}
        onConfirm={({ force, prune }) => {
          setConfirming(false);
          run('sync', entityRef, () =>
            api.sync(target, {
              ...(force && { force }),
              ...(prune && { prune }),
            }),
          );
        }}
      />
    </Box>
  );
};
