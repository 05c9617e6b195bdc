import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusWarning,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  isHttpUrl,
  ModuleLink,
  TOOL_NAMES,
  TOOL_TITLES,
  ToolHealth,
  ToolName,
} from '@internal/plugin-base-layer-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import ListSubheader from '@material-ui/core/ListSubheader';
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { ToolHealthChip } from '../StatusIndicators';

/**
 * The link itself. Anything but an absolute http(s) URL is shown as text and
 * never becomes an href: a `javascript:` URL in a catalog annotation must not
 * run in the portal's origin.
 */
const SafeLink = ({ link }: { link: ModuleLink }) =>
  isHttpUrl(link.url) ? (
    <Link to={link.url} target="_blank" rel="noopener noreferrer">
      {link.title}
    </Link>
  ) : (
    <>
      <span>{link.title}</span>{' '}
      <StatusWarning>
        not linked: <code>{link.url}</code> is not an http(s) URL
      </StatusWarning>
    </>
  );

interface ToolRow {
  tool: ToolName;
  health?: ToolHealth;
  links: ModuleLink[];
}

/**
 * One group per environment, one row per tool: its links (there may be
 * several, one per DAG or Argo CD app) and its health. A tool without a URL
 * for the environment still gets its row, with a "not configured" chip, so
 * the card says what is missing instead of hiding it.
 */
function groupByEnvironment(
  links: ModuleLink[],
  tools: ToolHealth[],
): Array<[string, ToolRow[]]> {
  const environments = [
    ...new Set([
      ...tools.map(t => t.environment),
      ...links.map(l => l.environment),
    ]),
  ];
  return environments.map(environment => [
    environment,
    TOOL_NAMES.map(tool => ({
      tool,
      health: tools.find(t => t.tool === tool && t.environment === environment),
      links: links.filter(
        l => l.tool === tool && l.environment === environment,
      ),
    })).filter(row => row.health || row.links.length > 0),
  ]);
}

/** One tool of one environment: its links, or why it has none, and its health. */
const ToolRowItem = ({
  row,
  environment,
}: {
  row: ToolRow;
  environment: string;
}) => (
  <ListItem>
    <ListItemText
      primary={
        row.links.length > 0
          ? row.links.map((link, i) => (
              <span key={link.url}>
                {i > 0 && ' · '}
                <SafeLink link={link} />
              </span>
            ))
          : TOOL_TITLES[row.tool]
      }
      secondary={
        row.links.length > 0
          ? TOOL_TITLES[row.tool]
          : `No ${TOOL_TITLES[row.tool]} URL configured for ${environment}`
      }
    />
    <ListItemSecondaryAction>
      <ToolHealthChip health={row.health} />
    </ListItemSecondaryAction>
  </ListItem>
);

/** MLflow, Airflow, Grafana and Argo CD for each environment of a module, with each tool's health. */
export const LinksCard = () => {
  const { entity } = useEntity();
  const { value: status, loading, error } = useEntityStatus(entity);

  let body;
  if (loading && !status) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (
    !status ||
    (status.links.length === 0 && status.tools.length === 0)
  ) {
    body = (
      <EmptyState
        missing="field"
        title="No tool links"
        description="The base-layer backend has no MLflow, Airflow, Grafana or Argo CD URL for this module's environments."
      />
    );
  } else {
    body = (
      <List dense disablePadding>
        {groupByEnvironment(status.links, status.tools).map(
          ([environment, rows]) => (
            <li key={environment}>
              <List dense disablePadding>
                <ListSubheader disableSticky>{environment}</ListSubheader>
                {rows.map(row => (
                  <ToolRowItem
                    key={`${row.tool}-${environment}`}
                    row={row}
                    environment={environment}
                  />
                ))}
              </List>
            </li>
          ),
        )}
      </List>
    );
  }

  return (
    <InfoCard
      title="Links"
      subheader="MLflow, Airflow, Grafana and Argo CD per environment"
    >
      {body}
    </InfoCard>
  );
};
