import { WarningPanel } from '@backstage/core-components';
import { SourceStatus } from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** Lists the problems a source reported about parts of its data. */
const ProblemList = ({ source }: { source: SourceStatus }) =>
  source.problems && source.problems.length > 0 ? (
    <Box component="ul" m={0} pl={2}>
      {source.problems.map((problem, index) => (
        <li key={`${problem.location}-${index}`}>
          <Typography variant="body2">
            <code>{problem.location}</code>: {problem.message}
          </Typography>
        </li>
      ))}
    </Box>
  ) : null;

/**
 * One panel per source that failed or reported problems. A failing source
 * does not hide the others: the waves still show what the healthy sources know.
 */
export const SourceErrorPanels = ({ sources }: { sources: SourceStatus[] }) => {
  const troubled = sources.filter(
    s => !s.ok || (s.problems && s.problems.length > 0),
  );
  if (troubled.length === 0) {
    return null;
  }
  return (
    <>
      {troubled.map(source => (
        <Box mb={2} key={source.name}>
          {source.ok ? (
            <WarningPanel
              severity="warning"
              title={`Source ${source.name} (${source.type}) reported ${
                source.problems!.length
              } problem${source.problems!.length === 1 ? '' : 's'}`}
            >
              <ProblemList source={source} />
            </WarningPanel>
          ) : (
            <WarningPanel
              severity="error"
              defaultExpanded
              title={`Source ${source.name} (${source.type}) could not be read`}
              message={source.error ?? 'No error message was given.'}
            >
              <ProblemList source={source} />
            </WarningPanel>
          )}
        </Box>
      ))}
    </>
  );
};
