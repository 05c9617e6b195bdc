import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ApplicationStatus,
  DependencyViolation,
  WaveStatus,
} from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { ReactNode, useCallback, useMemo } from 'react';
import { baseLayerApiRef } from '../../api';
import { useAutoRefresh } from '../../hooks/useAutoRefresh';
import { formatAge } from '../../lib/format';
import { restrictWave, sortWaves } from '../../lib/waves';
import { RolloutTimeline } from '../RolloutTimeline';
import { SourceErrorPanels } from '../SourceErrorPanels';
import { StalenessNotice } from '../StalenessNotice';
import { UnassignedApplications } from '../UnassignedApplications';
import { WaveAccordion } from '../WaveAccordion';
import { WaveSyncButton } from '../WaveSyncButton';

/** How often the waves reload unless configured otherwise. */
export const DEFAULT_REFRESH_INTERVAL_MS = 15_000;

/** Props of {@link WavesOverview}. */
export interface WavesOverviewProps {
  /** Reload interval; 0 turns auto-refresh off. */
  refreshIntervalMs?: number;
  /**
   * Shows only the applications that match, and only the waves that still
   * hold some. Keep it stable (useCallback) to avoid recomputing every render.
   */
  restrictTo?: (application: ApplicationStatus) => boolean;
  /** Shown when there is no wave to show. */
  emptyState?: ReactNode;
}

/** How the waves stay current, in a few words. */
function refreshDescription(live: boolean, pollIntervalMs: number) {
  const every = `${Math.round(pollIntervalMs / 1000)} s`;
  if (live) {
    return pollIntervalMs > 0
      ? `updates live · re-reads every ${every} as a fallback`
      : 'updates live';
  }
  return pollIntervalMs > 0
    ? `refreshes every ${every} while this tab is visible`
    : 'auto-refresh is off';
}

/** When the waves were loaded, how they stay current, and a button to reload now. */
const RefreshBar = ({
  loadedAt,
  live,
  pollIntervalMs,
  loading,
  onRefresh,
}: {
  loadedAt?: number;
  live: boolean;
  pollIntervalMs: number;
  loading: boolean;
  onRefresh: () => void;
}) => (
  <Box display="flex" alignItems="center" mb={1}>
    <Typography variant="body2" color="textSecondary">
      {loadedAt !== undefined &&
        `Updated ${formatAge((Date.now() - loadedAt) / 1000)} ago · `}
      {refreshDescription(live, pollIntervalMs)}
    </Typography>
    <IconButton
      size="small"
      aria-label="Refresh waves"
      onClick={onRefresh}
      disabled={loading}
    >
      <RefreshIcon fontSize="small" />
    </IconButton>
  </Box>
);

/** Entities that depend on something in a later wave, when there are any. */
const ViolationsPanel = ({
  violations,
}: {
  violations: DependencyViolation[];
}) =>
  violations.length === 0 ? null : (
    <Box mb={2}>
      <WarningPanel
        severity="warning"
        title={`${violations.length} dependency ${
          violations.length === 1 ? 'violation' : 'violations'
        } in the wave plan`}
      >
        <Box component="ul" m={0} pl={2}>
          {violations.map(v => (
            <li key={`${v.entityRef}->${v.dependsOnRef}`}>
              <Typography variant="body2">
                {v.entityRef} (wave {v.entityWave}) depends on {v.dependsOnRef}{' '}
                (wave {v.dependsOnWave})
              </Typography>
            </li>
          ))}
        </Box>
      </WarningPanel>
    </Box>
  );

/** The waves in order; with `restrictTo`, only the matching applications and the waves that hold any. */
function visibleWaves(
  waves: WaveStatus[],
  restrictTo?: (application: ApplicationStatus) => boolean,
): WaveStatus[] {
  const sorted = sortWaves(waves);
  if (!restrictTo) {
    return sorted;
  }
  return sorted
    .map(wave => restrictWave(wave, restrictTo))
    .filter(wave => wave.total > 0);
}

const NoWaves = () => (
  <EmptyState
    missing="data"
    title="No waves yet"
    description="The base-layer backend knows no Argo CD application. Check the sources configured under baseLayer in app-config.yaml."
  />
);

/** The rollout, wave by wave, refreshed in the background. */
export const WavesOverview = ({
  refreshIntervalMs = DEFAULT_REFRESH_INTERVAL_MS,
  restrictTo,
  emptyState,
}: WavesOverviewProps) => {
  const api = useApi(baseLayerApiRef);
  const load = useCallback(() => api.getWaves(), [api]);
  const { value, error, loading, loadedAt, live, pollIntervalMs, retry } =
    useAutoRefresh(load, refreshIntervalMs);

  const waves = useMemo(
    () => visibleWaves(value?.waves ?? [], restrictTo),
    [value, restrictTo],
  );

  if (loading && !value) {
    return <Progress />;
  }

  return (
    <>
      {error && (
        <Box mb={2}>
          <ResponseErrorPanel
            error={error}
            title={
              value
                ? 'Could not refresh the waves; showing the last data loaded'
                : 'Could not load the waves'
            }
          />
        </Box>
      )}
      {value && (
        <>
          <RefreshBar
            loadedAt={loadedAt}
            live={live}
            pollIntervalMs={pollIntervalMs}
            loading={loading}
            onRefresh={retry}
          />
          <Box mb={value.stale ? 2 : 0}>
            <StalenessNotice
              stale={value.stale}
              ageSeconds={value.ageSeconds}
              sources={value.sources}
            />
          </Box>
          <SourceErrorPanels sources={value.sources} />
          <ViolationsPanel violations={value.violations} />
          {waves.length === 0
            ? emptyState ?? <NoWaves />
            : waves.map(wave => (
                <WaveAccordion
                  key={wave.id}
                  wave={wave}
                  actions={
                    // A narrowed wave is not what a wave sync acts on.
                    !restrictTo && (
                      <WaveSyncButton
                        wave={wave}
                        waves={value.waves}
                        sources={value.sources}
                        onActed={retry}
                      />
                    )
                  }
                />
              ))}
          {/* A narrowed view (a System's tab) is about its own waves only. */}
          {!restrictTo && (
            <>
              <UnassignedApplications applications={value.unassigned ?? []} />
              <Box mt={2}>
                <RolloutTimeline waves={value.waves} reloadKey={loadedAt} />
              </Box>
            </>
          )}
        </>
      )}
    </>
  );
};
