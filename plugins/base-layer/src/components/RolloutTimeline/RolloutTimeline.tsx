import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { WaveStatus, WaveTransition } from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ChangeEvent, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { baseLayerApiRef } from '../../api';
import { formatAge } from '../../lib/format';
import { timeToHealthy } from '../../lib/timeToHealthy';
import { WaveStateChip } from '../StatusIndicators';

/** How many transitions the timeline reads. */
export const TIMELINE_LIMIT = 200;

/** Props of {@link RolloutTimeline}. */
export interface RolloutTimelineProps {
  /** The waves, for their names and the filter. */
  waves: Array<Pick<WaveStatus, 'id' | 'name'>>;
  /** Reloads the history whenever it changes, e.g. when the waves reload. */
  reloadKey?: unknown;
}

const formatTime = (iso: string) => new Date(iso).toLocaleString();

/** Time to Healthy of each wave in its last rollout. */
const TimeToHealthy = ({
  transitions,
  waveName,
}: {
  transitions: WaveTransition[];
  waveName: (id: number) => string;
}) => {
  const rows = useMemo(() => timeToHealthy(transitions), [transitions]);
  if (rows.length === 0) {
    return null;
  }
  return (
    <Box mb={2} data-testid="time-to-healthy">
      <Typography variant="subtitle2">
        Time to Healthy in the last rollout
      </Typography>
      <Box component="ul" m={0} pl={2}>
        {rows.map(row => (
          <li key={row.waveId}>
            <Typography variant="body2">
              {waveName(row.waveId)}:{' '}
              {row.seconds === undefined
                ? `not Healthy yet (since ${formatTime(row.startedAt)})`
                : `${formatAge(row.seconds)} (${formatTime(
                    row.startedAt,
                  )} → ${formatTime(row.healthyAt!)})`}
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
};

/**
 * The recorded wave state transitions, newest first, filterable by wave,
 * with the time each wave took to become Healthy in its last rollout.
 */
export const RolloutTimeline = ({ waves, reloadKey }: RolloutTimelineProps) => {
  const api = useApi(baseLayerApiRef);
  const [wave, setWave] = useState<number | undefined>();
  // Unfiltered: time to Healthy is measured for every wave.
  const all = useAsyncRetry(
    async () => api.getHistory({ limit: TIMELINE_LIMIT }),
    [api, reloadKey],
  );
  const filtered = useAsyncRetry(
    async () =>
      wave === undefined
        ? undefined
        : api.getHistory({ wave, limit: TIMELINE_LIMIT }),
    [api, wave, reloadKey],
  );

  const names = useMemo(() => new Map(waves.map(w => [w.id, w.name])), [waves]);
  const waveName = (id: number) =>
    names.has(id) ? `Wave ${id} (${names.get(id)})` : `Wave ${id}`;
  const waveIds = useMemo(
    () =>
      [
        ...new Set([
          ...waves.map(w => w.id),
          ...(all.value?.items ?? []).map(t => t.waveId),
        ]),
      ].sort((a, b) => a - b),
    [waves, all.value],
  );

  const columns: TableColumn<WaveTransition>[] = [
    { title: 'When', render: t => formatTime(t.at) },
    { title: 'Wave', render: t => waveName(t.waveId) },
    {
      title: 'Transition',
      render: t => (
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          {t.from ? <WaveStateChip state={t.from} /> : 'first record'}
          <span aria-label="to">→</span>
          <WaveStateChip state={t.to} />
        </Box>
      ),
    },
    { title: 'Reason', render: t => t.reason ?? '' },
  ];

  const shown = wave === undefined ? all : filtered;
  const error = all.error ?? filtered.error;
  const onWave = (event: ChangeEvent<HTMLInputElement>) =>
    setWave(event.target.value === '' ? undefined : Number(event.target.value));

  return (
    <InfoCard
      title="Rollout history"
      subheader="Wave state transitions, newest first"
    >
      <div data-testid="rollout-timeline">
        {error && (
          <ResponseErrorPanel
            error={error}
            title="Could not load the rollout history"
          />
        )}
        {all.value && (
          <TimeToHealthy transitions={all.value.items} waveName={waveName} />
        )}
        <Box mb={1}>
          <TextField
            select
            id="rollout-timeline-wave"
            label="Filter by wave"
            value={wave === undefined ? '' : String(wave)}
            onChange={onWave}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
          >
            <option value="">All waves</option>
            {waveIds.map(id => (
              <option key={id} value={String(id)}>
                {waveName(id)}
              </option>
            ))}
          </TextField>
        </Box>
        {shown.loading && !shown.value ? (
          <Progress />
        ) : (
          <Table<WaveTransition>
            options={{
              paging: false,
              search: false,
              toolbar: false,
              padding: 'dense',
            }}
            columns={columns}
            // Copies: the table marks the rows it is given, and a reload must
            // show as new rows.
            data={(shown.value?.items ?? []).map(t => ({ ...t }))}
            emptyContent={
              <Box p={2}>
                <Typography variant="body2" color="textSecondary">
                  No wave transitions recorded yet.
                </Typography>
              </Box>
            }
          />
        )}
      </div>
    </InfoCard>
  );
};
