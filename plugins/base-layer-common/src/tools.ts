/**
 * The tools the portal links a module to and reports the health of, in the
 * order the backend reports them.
 *
 * @public
 */
export const TOOL_NAMES = ['argocd', 'mlflow', 'airflow', 'grafana'] as const;

/**
 * One of {@link TOOL_NAMES}.
 *
 * @public
 */
export type ToolName = (typeof TOOL_NAMES)[number];

/**
 * How each tool is named in the UI.
 *
 * @public
 */
export const TOOL_TITLES: Record<ToolName, string> = {
  argocd: 'Argo CD',
  mlflow: 'MLflow',
  airflow: 'Airflow',
  grafana: 'Grafana',
};
