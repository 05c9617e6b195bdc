import {
  ANNOTATION_AIRFLOW_DAG_IDS,
  ANNOTATION_GRAFANA_DASHBOARD_SELECTOR,
  ANNOTATION_MLFLOW_EXPERIMENT,
  isHttpUrl,
  ModuleLink,
  splitCommaList,
  ToolName,
} from '@internal/plugin-base-layer-common';

/**
 * The Grafana plugin's selector is either a plain tag or an expression such
 * as `tags @> 'a' || tags @> 'b'`; the quoted values are the tags.
 */
export function grafanaTags(selector: string): string[] {
  const quoted = [...selector.matchAll(/'([^']+)'/g)].map(m => m[1]);
  if (quoted.length > 0) {
    return quoted;
  }
  return /^[\w.-]+$/.test(selector.trim()) ? [selector.trim()] : [];
}

/**
 * Builds a module's links to its tools from the configured base URLs and the
 * entity's annotations. Annotation values only ever become encoded path or
 * query parts, and every result is checked to be http(s).
 */
export class ModuleLinkBuilder {
  constructor(
    private readonly tools: Record<string, Partial<Record<ToolName, string>>>,
  ) {}

  build(options: {
    annotations: Record<string, string>;
    /** Names of the module's Argo CD applications. */
    applications: string[];
    /** Environments to link; all configured ones by default. */
    environments?: string[];
  }): ModuleLink[] {
    const environments = options.environments ?? Object.keys(this.tools);
    return environments.flatMap(environment => {
      const base = this.tools[environment];
      if (!base) {
        return [];
      }
      return toolLinks(base, options.annotations, options.applications)
        .filter(link => isHttpUrl(link.url))
        .map(({ tool, title, url }) => ({ tool, environment, title, url }));
    });
  }
}

/** One environment's links, Argo CD first, as the tools are listed. */
function toolLinks(
  base: Partial<Record<ToolName, string>>,
  annotations: Record<string, string>,
  applications: string[],
): Array<Omit<ModuleLink, 'environment'>> {
  const links: Array<Omit<ModuleLink, 'environment'>> = [];
  if (base.argocd) {
    for (const app of applications) {
      links.push({
        tool: 'argocd',
        title: `Argo CD: ${app}`,
        url: `${base.argocd}/applications/${encodeURIComponent(app)}`,
      });
    }
  }
  const experiment = annotations[ANNOTATION_MLFLOW_EXPERIMENT];
  if (base.mlflow && experiment) {
    links.push({
      tool: 'mlflow',
      title: `MLflow: ${experiment}`,
      url: `${base.mlflow}/#/experiments?searchFilter=${encodeURIComponent(
        `name = '${experiment}'`,
      )}`,
    });
  }
  if (base.airflow) {
    for (const dagId of splitCommaList(
      annotations[ANNOTATION_AIRFLOW_DAG_IDS],
    )) {
      links.push({
        tool: 'airflow',
        title: `Airflow: ${dagId}`,
        url: `${base.airflow}/dags/${encodeURIComponent(dagId)}/grid`,
      });
    }
  }
  const selector = annotations[ANNOTATION_GRAFANA_DASHBOARD_SELECTOR];
  const tags = selector ? grafanaTags(selector) : [];
  if (base.grafana && tags.length > 0) {
    const query = tags.map(t => `tag=${encodeURIComponent(t)}`).join('&');
    links.push({
      tool: 'grafana',
      title: `Grafana dashboards: ${tags.join(', ')}`,
      url: `${base.grafana}/dashboards?${query}`,
    });
  }
  return links;
}
