import {
  RELATION_HAS_PART,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Content, EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ApplicationStatus } from '@internal/plugin-base-layer-common';
import { useCallback, useMemo } from 'react';
import { WavesOverview } from '../WavesOverview';

/**
 * Props of {@link EntityWavesContent}.
 *
 * @public
 */
export interface EntityWavesContentProps {
  /** Reload interval in milliseconds; 0 turns auto-refresh off. */
  refreshIntervalMs?: number;
}

/**
 * The Waves tab of a System: the waves holding the system's components (and
 * the system itself), each narrowed to those applications.
 */
export const EntityWavesContent = ({
  refreshIntervalMs,
}: EntityWavesContentProps) => {
  const { entity } = useEntity();
  const refs = useMemo(() => {
    const parts = (entity.relations ?? [])
      .filter(r => r.type === RELATION_HAS_PART)
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));
    return new Set([
      stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
      ...parts,
    ]);
  }, [entity]);
  const restrictTo = useCallback(
    (app: ApplicationStatus) =>
      Boolean(
        app.entityRef && refs.has(app.entityRef.toLocaleLowerCase('en-US')),
      ),
    [refs],
  );

  return (
    <Content noPadding>
      <WavesOverview
        refreshIntervalMs={refreshIntervalMs}
        restrictTo={restrictTo}
        emptyState={
          <EmptyState
            missing="data"
            title="No component of this system is in a wave"
            description="A component joins a wave when its Argo CD application carries the argocd.argoproj.io/sync-wave annotation and the component has base-layer.io/wave and argocd/app-name annotations."
          />
        }
      />
    </Content>
  );
};
