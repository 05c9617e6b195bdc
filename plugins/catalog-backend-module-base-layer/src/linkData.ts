import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_AIRFLOW_DAG_IDS,
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_GRAFANA_DASHBOARD_SELECTOR,
  ANNOTATION_MLFLOW_EXPERIMENT,
  ANNOTATION_MODULE_PATH,
  ANNOTATION_OVERLAY_PATH,
  isHttpUrl,
} from '@internal/plugin-base-layer-common';

/** One value of an entity that must not become a link as it stands. */
export interface LinkDataProblem {
  /** Path of the offending field, for example `metadata.links[0].url`. */
  field: string;
  value: string;
  /** What the value should have been. */
  expected: string;
}

/**
 * Identifiers may contain path segments (`platform-services/kustomize/...`)
 * but never a colon, so no scheme (`javascript:`, `data:`) can hide in one, and
 * each segment starts with a letter, digit or underscore, so neither `..` nor
 * an empty segment (`//host`) can.
 */
const PLAIN_IDENTIFIER =
  /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

/** True for a plain identifier such as `data_ingestion_orchestrator` or `data_ingestion`. */
export function isPlainIdentifier(value: string): boolean {
  return PLAIN_IDENTIFIER.test(value);
}

const SELECTOR_TOKEN =
  /\s*(?:'([^']*)'|"([^"]*)"|(@>|==|!=|&&|\|\||[()])|([A-Za-z0-9_.-]+))\s*/y;

/**
 * True for a Grafana plugin dashboard selector such as
 * `tags @> 'data-ingestion'`: identifiers, quoted identifiers, parentheses and
 * the operators `@>`, `==`, `!=`, `&&` and `||`, nothing else.
 */
export function isGrafanaDashboardSelector(value: string): boolean {
  if (value.trim() === '') {
    return false;
  }
  SELECTOR_TOKEN.lastIndex = 0;
  while (SELECTOR_TOKEN.lastIndex < value.length) {
    const match = SELECTOR_TOKEN.exec(value);
    if (!match) {
      return false;
    }
    const quoted = match[1] ?? match[2];
    if (quoted !== undefined && !isPlainIdentifier(quoted)) {
      return false;
    }
  }
  return true;
}

const URL_OR_IDENTIFIER = 'an http(s) URL or a plain identifier';

/** Annotations the portal turns into links, and how each value is checked. */
const LINK_DATA_ANNOTATIONS: Array<{
  key: string;
  list: boolean;
  isValid: (value: string) => boolean;
  expected: string;
}> = [
  {
    key: ANNOTATION_AIRFLOW_DAG_IDS,
    list: true,
    isValid: v => isHttpUrl(v) || isPlainIdentifier(v),
    expected: `a comma-separated list of ${URL_OR_IDENTIFIER}s`,
  },
  {
    key: ANNOTATION_MLFLOW_EXPERIMENT,
    list: false,
    isValid: v => isHttpUrl(v) || isPlainIdentifier(v),
    expected: URL_OR_IDENTIFIER,
  },
  {
    key: ANNOTATION_MODULE_PATH,
    list: false,
    isValid: isPlainIdentifier,
    expected: 'a plain identifier (a relative path without scheme or ..)',
  },
  {
    key: ANNOTATION_OVERLAY_PATH,
    list: false,
    isValid: isPlainIdentifier,
    expected: 'a plain identifier (a relative path without scheme or ..)',
  },
  {
    key: ANNOTATION_ARGOCD_APP_NAME,
    list: false,
    isValid: isPlainIdentifier,
    expected: 'a plain identifier',
  },
  {
    key: ANNOTATION_GRAFANA_DASHBOARD_SELECTOR,
    list: false,
    isValid: v => isHttpUrl(v) || isGrafanaDashboardSelector(v),
    expected: `${URL_OR_IDENTIFIER}, or a dashboard selector of quoted identifiers`,
  },
];

/**
 * Finds the link data of an entity that is neither an http(s) URL nor a plain
 * identifier: `metadata.links[].url` must be an http(s) URL, and the
 * annotations that build the MLflow, Airflow, Grafana, Argo CD and GitOps
 * links must be URLs or identifiers.
 */
export function findLinkDataProblems(entity: Entity): LinkDataProblem[] {
  const problems: LinkDataProblem[] = [];

  const links: unknown = entity.metadata.links;
  if (Array.isArray(links)) {
    links.forEach((link: unknown, index) => {
      const url = (link as { url?: unknown } | null)?.url;
      if (typeof url === 'string' && !isHttpUrl(url)) {
        problems.push({
          field: `metadata.links[${index}].url`,
          value: url,
          expected: 'an http(s) URL',
        });
      }
    });
  }

  const annotations = entity.metadata.annotations ?? {};
  for (const { key, list, isValid, expected } of LINK_DATA_ANNOTATIONS) {
    const value: unknown = annotations[key];
    if (typeof value !== 'string') {
      continue;
    }
    // Unlike splitCommaList, which readers use, empty items are kept here:
    // `a,,b` is a typo worth reporting even though readers skip it.
    const items = list ? value.split(',').map(item => item.trim()) : [value];
    if (items.some(item => !isValid(item))) {
      problems.push({
        field: `metadata.annotations["${key}"]`,
        value,
        expected,
      });
    }
  }

  return problems;
}
