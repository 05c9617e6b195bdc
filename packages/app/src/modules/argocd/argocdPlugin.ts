import argocdPlugin from '@roadiehq/backstage-plugin-argo-cd/alpha';

/**
 * True for entities whose Argo CD application Roadie's cards can find. Every
 * BASE module carries `argocd/app-name`, so its page gets the cards; other
 * entities do not get a card that can only fail.
 *
 * A function rather than a predicate object: the plugin is built against an
 * older `@backstage/plugin-catalog-react`, whose predicate type differs.
 */
export function hasArgoCdApplication(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations['argocd/app-name'] || annotations['argocd/app-selector'],
  );
}

/**
 * Roadie's Argo CD plugin (its new-frontend-system build: API, overview and
 * history cards, Argo CD tab) shown only where it can work. Upstream shows the
 * cards on every Component.
 */
export const argocdFeature: typeof argocdPlugin = argocdPlugin.withOverrides({
  extensions: [
    argocdPlugin
      .getExtension('entity-card:argocd/overviewCard')
      .override({ params: { filter: hasArgoCdApplication } }),
    argocdPlugin
      .getExtension('entity-card:argocd/historyCard')
      .override({ params: { filter: hasArgoCdApplication } }),
    argocdPlugin
      .getExtension('entity-content:argocd/ArgoCdPage')
      .override({ params: { filter: hasArgoCdApplication } }),
  ],
});
