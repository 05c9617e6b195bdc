import { Entity, EntityRelation } from '@backstage/catalog-model';

/** A catalog Component of the platform team in the default namespace. */
export function component(
  name: string,
  annotations: Record<string, string>,
  options: { type?: string; relations?: EntityRelation[] } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: options.type ?? 'service',
      owner: 'platform',
      lifecycle: 'production',
    },
    ...(options.relations && { relations: options.relations }),
  };
}
