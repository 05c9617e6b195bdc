import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_WAVE } from '@internal/plugin-base-layer-common';

/**
 * True for a BASE module: an entity placed in a wave with the
 * `base-layer.io/wave` annotation. Use it to show the module cards in a legacy
 * app's entity page, e.g. `<EntitySwitch.Case if={isBaseLayerModule}>`.
 *
 * @public
 */
export function isBaseLayerModule(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[ANNOTATION_WAVE]);
}

/** The same test as {@link isBaseLayerModule}, as an entity predicate that app config can override. */
export const baseLayerModulePredicate = {
  [`metadata.annotations.${ANNOTATION_WAVE}`]: { $exists: true },
};
