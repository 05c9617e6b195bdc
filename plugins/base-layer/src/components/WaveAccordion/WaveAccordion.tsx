import { LinearGauge } from '@backstage/core-components';
import { WaveStatus } from '@internal/plugin-base-layer-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { memo, ReactNode, useState } from 'react';
import { waveProgress } from '../../lib/waves';
import { WaveStateChip, waveStateTone } from '../StatusIndicators';
import { WaveApplicationsTable } from '../WaveApplicationsTable';

/** Props of {@link WaveAccordion}. */
export interface WaveAccordionProps {
  wave: WaveStatus;
  defaultExpanded?: boolean;
  /** Shown beside the wave's state, such as a "Sync wave" button. */
  actions?: ReactNode;
}

/**
 * One wave: its progress and state at a glance, and its applications when
 * expanded. The table is only built while the wave is open, so a page of
 * closed waves stays light however many applications they hold.
 */
export const WaveAccordion = memo(
  ({ wave, defaultExpanded = false, actions }: WaveAccordionProps) => {
    const [expanded, setExpanded] = useState(defaultExpanded);
    const { healthy, total } = waveProgress(wave);
    const tone = waveStateTone(wave.state);
    const summaryId = `wave-${wave.id}-summary`;
    const deleting = wave.counts.health.Deleting ?? 0;
    // A Progressing wave has a reason only while applications are deleted.
    const showReason =
      (wave.state === 'Blocked' ||
        wave.state === 'Unknown' ||
        wave.state === 'Progressing') &&
      wave.reason;

    return (
      <Accordion
        expanded={expanded}
        onChange={(_, isExpanded) => setExpanded(isExpanded)}
        TransitionProps={{ unmountOnExit: true }}
        data-testid={`wave-${wave.id}`}
      >
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          aria-controls={`wave-${wave.id}-details`}
          id={summaryId}
        >
          <Grid container alignItems="center" spacing={2}>
            <Grid item xs={12} md={4}>
              <Typography variant="h6" component="h3">
                Wave {wave.id} · {wave.name}
              </Typography>
            </Grid>
            <Grid item xs={8} md={5}>
              <LinearGauge
                value={total > 0 ? healthy / total : 0}
                getColor={({ palette }) => palette.status[tone]}
              />
              <Typography variant="body2" color="textSecondary">
                {healthy}/{total} healthy
                {deleting > 0 && ` · ${deleting} deleting`}
              </Typography>
            </Grid>
            <Grid item xs={4} md={3}>
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <WaveStateChip state={wave.state} />
                {actions}
              </Box>
            </Grid>
            {showReason && (
              <Grid item xs={12}>
                <Typography variant="body2" color="textSecondary">
                  {wave.reason}
                </Typography>
              </Grid>
            )}
          </Grid>
        </AccordionSummary>
        <AccordionDetails id={`wave-${wave.id}-details`}>
          {expanded && (
            <Box width="100%">
              <WaveApplicationsTable applications={wave.applications} />
            </Box>
          )}
        </AccordionDetails>
      </Accordion>
    );
  },
);
