import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  readEntityWave,
  WaveDefinition,
} from '@internal/plugin-base-layer-common';

/** Reports BASE layer annotation problems as catalog processing errors. */
export class BaseLayerEntityValidator implements CatalogProcessor {
  constructor(private readonly waves: WaveDefinition[]) {}

  getProcessorName(): string {
    return 'BaseLayerEntityValidator';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const wave = readEntityWave(entity);
    if (wave instanceof Error) {
      emit(processingResult.inputError(location, wave.message));
    } else if (wave !== undefined && !this.waves.some(w => w.id === wave)) {
      emit(
        processingResult.inputError(
          location,
          `${entity.kind}:${entity.metadata.name} is in wave ${wave}, which baseLayer.waves does not declare`,
        ),
      );
    }
    return entity;
  }
}
