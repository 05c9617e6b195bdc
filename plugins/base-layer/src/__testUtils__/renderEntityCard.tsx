import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { BaseLayerApi, baseLayerApiRef } from '../api';
import { moduleEntity } from './fixtures';

/** Renders an entity card for the data-ingestion module against a stubbed backend. */
export function renderEntityCard(
  card: JSX.Element,
  api: Partial<BaseLayerApi>,
  entity: Entity = moduleEntity,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[baseLayerApiRef, api]]}>
      <EntityProvider entity={entity}>{card}</EntityProvider>
    </TestApiProvider>,
  );
}
