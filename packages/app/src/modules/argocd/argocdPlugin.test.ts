import { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { argocdFeature, hasArgoCdApplication } from './argocdPlugin';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'data-ingestion', annotations },
  spec: {},
});

const baseModule = entity({
  'base-layer.io/wave': '3',
  'argocd/app-name': 'data-ingestion',
});
const website = entity({});

describe('argocdFeature', () => {
  it('recognises entities with an Argo CD application', () => {
    expect(hasArgoCdApplication(baseModule)).toBe(true);
    expect(
      hasArgoCdApplication(entity({ 'argocd/app-selector': 'app=x' })),
    ).toBe(true);
    expect(hasArgoCdApplication(website)).toBe(false);
  });

  it.each([
    'entity-card:argocd/overviewCard',
    'entity-card:argocd/historyCard',
  ] as const)('shows %s on BASE modules only', id => {
    // Roadie builds against older frontend packages; their extensions and
    // data refs are matched by id at runtime, which is what this checks.
    const tester = createExtensionTester(
      argocdFeature.getExtension(id) as ExtensionDefinition<any>,
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction) as (
      e: ReturnType<typeof entity>,
    ) => boolean;
    expect(filter(baseModule)).toBe(true);
    expect(filter(website)).toBe(false);
  });
});
