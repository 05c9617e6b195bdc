import type { DependencyViolation } from './types';

/**
 * Why a dependency on a later wave is refused, for messages.
 *
 * @public
 */
export const DEPENDENCY_RULE =
  'an entity may only depend on entities in its own or an earlier wave';

/**
 * The wave plan's rule for dependencies: an entity may only depend on
 * entities in its own or an earlier wave, since a later wave is rolled out
 * after it. Dependencies whose wave is not known are not judged.
 *
 * @param entity - the entity and its wave
 * @param dependsOn - refs of the entities it depends on, in their order
 * @param waveOf - the wave of a dependency, when known
 * @returns one violation per dependency in a later wave, in the given order
 *
 * @public
 */
export function findInvertedDependencies(
  entity: { ref: string; wave: number },
  dependsOn: Iterable<string>,
  waveOf: (ref: string) => number | undefined,
): DependencyViolation[] {
  const violations: DependencyViolation[] = [];
  for (const dependsOnRef of dependsOn) {
    const dependsOnWave = waveOf(dependsOnRef);
    if (dependsOnWave !== undefined && dependsOnWave > entity.wave) {
      violations.push({
        entityRef: entity.ref,
        entityWave: entity.wave,
        dependsOnRef,
        dependsOnWave,
      });
    }
  }
  return violations;
}
