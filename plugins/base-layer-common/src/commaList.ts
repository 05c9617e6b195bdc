/**
 * Splits a comma-separated annotation value (`argocd/app-name`,
 * `base-layer.io/environments`, `base-layer.io/airflow-dag-ids`) into its
 * trimmed, non-empty items.
 *
 * @public
 */
export function splitCommaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
}
