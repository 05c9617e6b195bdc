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
 * One group per environment that has at least one configured tool, one row
 * per configured tool: its links (there may be several, one per DAG or Argo
 * CD app) and its health. Environments without any configured tool are only
 * named, in `unconfigured`: never one row per missing URL.
 */
function groupByEnvironment(
  environments: string[],
  links: ModuleLink[],
  tools: ToolHealth[],
): { groups: Array<[string, ToolRow[]]>; unconfigured: string[] } {
  const all = [
    ...new Set([
      ...environments,
      ...tools.map(t => t.environment),
      ...links.map(l => l.environment),
    ]),
  ];
  const groups: Array<[string, ToolRow[]]> = [];
  const unconfigured: string[] = [];
  for (const environment of all) {
    const rows = TOOL_NAMES.map(tool => ({
      tool,
      health: tools.find(t => t.tool === tool && t.environment === environment),
      links: links.filter(
        l => l.tool === tool && l.environment === environment,
      ),
    })).filter(
      row =>
        row.links.length > 0 ||
        (row.health && row.health.status !== 'not-configured'),
    );
    if (rows.length > 0) {
      groups.push([environment, rows]);
    } else {
      unconfigured.push(environment);
    }
  }
  return { groups, unconfigured };
}

/** One configured tool of one environment: its links, or its name, and its health. */
const ToolRowItem = ({ row }: { row: ToolRow }) => (
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
        [
          row.links.length > 0 ? TOOL_TITLES[row.tool] : undefined,
          // Why a tool is down, in plain sight: a port-forward not running,
          // a certificate not trusted, an error status.
          row.health?.status === 'down' ? row.health.message : undefined,
        ]
          .filter(Boolean)
          .join(' · ') || undefined
      }
    />
    <ListItemSecondaryAction>
      <ToolHealthChip health={row.health} />
    </ListItemSecondaryAction>
  </ListItem>
);

/** The line naming the environments without any configured tool. */
const unconfiguredLine = (environments: string[]) =>
  `No tools configured for ${environments.join(', ')} (baseLayer.tools)`;

/** MLflow, Airflow, Grafana and Argo CD for each environment of a module, with each tool's health. */
export const LinksCard = () => {
  const { entity } = useEntity();
  const { value: status, loading, error } = useEntityStatus(entity);

  const { groups, unconfigured } = status
    ? groupByEnvironment(status.environments, status.links, status.tools)
    : { groups: [], unconfigured: [] };

  let body;
  if (loading && !status) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (groups.length === 0) {
    body = (
      <EmptyState
        missing="field"
        title="No tool links"
        description={
          unconfigured.length > 0
            ? `${unconfiguredLine(
                unconfigured,
              )}: the base-layer backend has no MLflow, Airflow, Grafana or Argo CD URL for this module's environments.`
            : "The base-layer backend has no MLflow, Airflow, Grafana or Argo CD URL for this module's environments."
        }
      />
    );
  } else {
    body = (
      <List dense disablePadding>
        {groups.map(([environment, rows]) => (
          <li key={environment}>
            <List dense disablePadding>
              <ListSubheader disableSticky>{environment}</ListSubheader>
              {rows.map(row => (
                <ToolRowItem key={`${row.tool}-${environment}`} row={row} />
              ))}
            </List>
          </li>
        ))}
        {unconfigured.length > 0 && (
          <ListItem>
            <ListItemText secondary={unconfiguredLine(unconfigured)} />
          </ListItem>
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
