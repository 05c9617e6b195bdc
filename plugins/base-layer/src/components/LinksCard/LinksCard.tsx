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

const TOOL_ORDER: ToolName[] = ['mlflow', 'airflow', 'grafana', 'argocd'];

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

function groupByEnvironment(
  links: ModuleLink[],
): Array<[string, ModuleLink[]]> {
  const groups = new Map<string, ModuleLink[]>();
  for (const link of links) {
    groups.set(link.environment, [
      ...(groups.get(link.environment) ?? []),
      link,
    ]);
  }
  return [...groups.entries()].map(([env, list]) => [
    env,
    [...list].sort(
      (a, b) => TOOL_ORDER.indexOf(a.tool) - TOOL_ORDER.indexOf(b.tool),
    ),
  ]);
}

/** MLflow, Airflow, Grafana and Argo CD for each environment of a module, with each tool's health. */
export const LinksCard = () => {
  const { entity } = useEntity();
  const { value: status, loading, error } = useEntityStatus(entity);

  let body;
  if (loading && !status) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!status || status.links.length === 0) {
    body = (
      <EmptyState
        missing="field"
        title="No tool links"
        description="The base-layer backend has no MLflow, Airflow, Grafana or Argo CD URL for this module's environments."
      />
    );
  } else {
    const healthOf = (link: ModuleLink): ToolHealth | undefined =>
      status.tools.find(
        t => t.tool === link.tool && t.environment === link.environment,
      );
    body = (
      <List dense disablePadding>
        {groupByEnvironment(status.links).map(([environment, links]) => (
          <li key={environment}>
            <List dense disablePadding>
              <ListSubheader disableSticky>{environment}</ListSubheader>
              {links.map(link => (
                <ListItem key={`${link.tool}-${link.environment}-${link.url}`}>
                  <ListItemText
                    primary={<SafeLink link={link} />}
                    secondary={link.tool}
                  />
                  <ListItemSecondaryAction>
                    <ToolHealthChip health={healthOf(link)} />
                  </ListItemSecondaryAction>
                </ListItem>
              ))}
            </List>
          </li>
        ))}
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
