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
    const { annotations, applications } = options;
    const links: ModuleLink[] = [];
    const environments = options.environments ?? Object.keys(this.tools);
    for (const environment of environments) {
      const base = this.tools[environment];
      if (!base) {
        continue;
      }
      const add = (tool: ToolName, title: string, url: string) => {
        if (isHttpUrl(url)) {
          links.push({ tool, environment, title, url });
        }
      };
      if (base.argocd) {
        for (const app of applications) {
          add(
            'argocd',
            `Argo CD: ${app}`,
            `${base.argocd}/applications/${encodeURIComponent(app)}`,
          );
        }
      }
      const experiment = annotations[ANNOTATION_MLFLOW_EXPERIMENT];
      if (base.mlflow && experiment) {
        add(
          'mlflow',
          `MLflow: ${experiment}`,
          `${base.mlflow}/#/experiments?searchFilter=${encodeURIComponent(
            `name = '${experiment}'`,
          )}`,
        );
      }
      if (base.airflow) {
        for (const dagId of splitCommaList(
          annotations[ANNOTATION_AIRFLOW_DAG_IDS],
        )) {
          add(
            'airflow',
            `Airflow: ${dagId}`,
            `${base.airflow}/dags/${encodeURIComponent(dagId)}/grid`,
          );
        }
      }
      const selector = annotations[ANNOTATION_GRAFANA_DASHBOARD_SELECTOR];
      const tags = selector ? grafanaTags(selector) : [];
      if (base.grafana && tags.length > 0) {
        const query = tags.map(t => `tag=${encodeURIComponent(t)}`).join('&');
        add(
          'grafana',
          `Grafana dashboards: ${tags.join(', ')}`,
          `${base.grafana}/dashboards?${query}`,
        );
      }
    }
    return links;
  }
}
