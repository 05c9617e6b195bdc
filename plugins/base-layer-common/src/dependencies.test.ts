import { findInvertedDependencies } from './dependencies';

describe('findInvertedDependencies', () => {
  const waves: Record<string, number> = {
    'component:default/vault': 0,
    'component:default/data-ingestion': 1,
    'component:default/feature-store': 2,
  };
  const waveOf = (ref: string) => waves[ref];

  it('reports each dependency in a later wave, in order', () => {
    expect(
      findInvertedDependencies(
        { ref: 'component:default/data-ingestion', wave: 1 },
        [
          'component:default/feature-store',
          'component:default/vault',
          'component:default/unknown',
        ],
        waveOf,
      ),
    ).toEqual([
      {
        entityRef: 'component:default/data-ingestion',
        entityWave: 1,
        dependsOnRef: 'component:default/feature-store',
        dependsOnWave: 2,
      },
    ]);
  });

  it('allows dependencies in the same or an earlier wave', () => {
    expect(
      findInvertedDependencies(
        { ref: 'component:default/feature-store', wave: 2 },
        ['component:default/data-ingestion', 'component:default/vault'],
        waveOf,
      ),
    ).toEqual([]);
  });
});
