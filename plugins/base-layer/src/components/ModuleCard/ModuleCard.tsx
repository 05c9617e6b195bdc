import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusWarning,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_CLUSTER,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_OVERLAYS,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_MODULE_PATH,
  ANNOTATION_OVERLAY_PATH,
  EntityStatusResponse,
  readEntityWave,
  splitCommaList,
} from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { ReactNode } from 'react';
import { useEntityStatus } from '../../hooks/useEntityStatus';

/** The wave: the backend's, with its name, else the annotated one. */
function describeWave(
  entity: Entity,
  status?: EntityStatusResponse,
): ReactNode {
  const annotatedWave = readEntityWave(entity);
  if (annotatedWave instanceof Error) {
    return <StatusWarning>{annotatedWave.message}</StatusWarning>;
  }
  const id = status?.wave ?? annotatedWave;
  if (id === undefined || id === null) {
    return '—';
  }
  return status?.waveName ? `${id} · ${status.waveName}` : String(id);
}

/**
 * Where a BASE module lives and how it ships: its wave, cluster, namespace,
 * environments and overlays, and its Argo CD application. The catalog
 * annotations describe the intent; the backend adds the wave's name and what
 * Argo CD actually runs.
 */
export const ModuleCard = () => {
  const { entity } = useEntity();
  const { value: status, loading, error } = useEntityStatus(entity);
  const annotations = entity.metadata.annotations ?? {};

  if (loading && !status) {
    return (
      <InfoCard title="Module">
        <Progress />
      </InfoCard>
    );
  }

  const environments = status?.environments?.length
    ? status.environments
    : splitCommaList(annotations[ANNOTATION_ENVIRONMENTS]);
  const overlays = status?.overlays?.length
    ? status.overlays
    : splitCommaList(annotations[ANNOTATION_OVERLAYS]);
  const chips = (values: string[]) =>
    values.length ? (
      <>
        {values.map(value => (
          <Chip key={value} size="small" label={value} />
        ))}
      </>
    ) : (
      '—'
    );
  const argoApps = annotations[ANNOTATION_ARGOCD_APP_NAME]
    ? [annotations[ANNOTATION_ARGOCD_APP_NAME]]
    : status?.applications.map(a => a.name) ?? [];

  const metadata: Record<string, ReactNode> = {
    Wave: describeWave(entity, status),
    Cluster: status?.cluster ?? annotations[ANNOTATION_CLUSTER] ?? '—',
    Namespace:
      status?.namespace ?? annotations[ANNOTATION_KUBERNETES_NAMESPACE] ?? '—',
    Environments: chips(environments),
    Overlays: chips(overlays),
    'Module path': annotations[ANNOTATION_MODULE_PATH] ?? '—',
    'Overlay path': annotations[ANNOTATION_OVERLAY_PATH] ?? '—',
    'Argo CD application': argoApps.length ? argoApps.join(', ') : '—',
  };

  return (
    <InfoCard title="Module" subheader={entity.metadata.name}>
      {error && (
        <Box mb={2}>
          <ResponseErrorPanel
            error={error}
            title="Live status unavailable; showing the catalog annotations"
          />
        </Box>
      )}
      <StructuredMetadataTable metadata={metadata} />
    </InfoCard>
  );
};
