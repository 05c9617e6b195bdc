import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The catalog entities that still depend on a module, sorted: the targets
 * of the module's `dependencyOf` relations, and every entity with a
 * `dependsOn` relation to it. The catalog turns each `spec.dependsOn` into
 * such a pair of relations when it processes the entity; asking for both
 * sides also finds a dependent processed after the module was stitched.
 */
export async function findModuleDependents(
  catalog: CatalogService,
  module: string,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const ref = `component:default/${module}`;
  const [entity, { items }] = await Promise.all([
    catalog.getEntityByRef(ref, { credentials }),
    catalog.getEntities(
      {
        filter: { [`relations.${RELATION_DEPENDS_ON}`]: ref },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    ),
  ]);
  const dependents = [
    ...(entity?.relations ?? [])
      .filter(relation => relation.type === RELATION_DEPENDENCY_OF)
      .map(relation => relation.targetRef),
    ...items.map(item => stringifyEntityRef(item)),
  ];
  return [...new Set(dependents)].filter(d => d !== ref).sort();
}
