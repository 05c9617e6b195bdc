import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { BaseLayerConfigError } from '@internal/plugin-base-layer-common';
import { createApplicationSources } from './createApplicationSources';

const deps = { logger: mockServices.logger.mock(), timeoutMs: 1000 };

const create = (sources: JsonObject) =>
  createApplicationSources(new ConfigReader({ baseLayer: { sources } }), deps);

describe('createApplicationSources', () => {
  it('creates one source per entry of each source type', () => {
    const sources = create({
      kubernetes: [
        { name: 'base-layer', url: 'https://k8s.example.com', token: 't' },
      ],
      argocd: [
        { name: 'platform', url: 'https://argocd.example.com', token: 't' },
      ],
      snapshots: [
        { name: 'demo', paths: ['../../examples/argocd-applications.yaml'] },
        { name: 'review', paths: ['a.yaml', 'b.json'] },
      ],
    });
    expect(sources.map(s => [s.name, s.type])).toEqual([
      ['base-layer', 'kubernetes'],
      ['platform', 'argocd'],
      ['demo', 'snapshot'],
      ['review', 'snapshot'],
    ]);
  });

  it('creates none when nothing is configured', () => {
    expect(createApplicationSources(new ConfigReader({}), deps)).toEqual([]);
  });

  it.each([
    [
      'a repeated name',
      {
        snapshots: [
          { name: 'demo', paths: ['a.yaml'] },
          { name: 'demo', paths: ['b.yaml'] },
        ],
      },
      'baseLayer.sources.snapshots[1].name',
      'Invalid baseLayer.sources.snapshots[1].name: source "demo" is declared twice',
    ],
    [
      'one name under two source types',
      {
        kubernetes: [
          { name: 'platform', url: 'https://k8s.example.com', token: 't' },
        ],
        argocd: [
          { name: 'platform', url: 'https://argocd.example.com', token: 't' },
        ],
      },
      'baseLayer.sources.argocd[0].name',
      'Invalid baseLayer.sources.argocd[0].name: source "platform" is declared twice',
    ],
    [
      'an empty path list',
      { snapshots: [{ name: 'demo', paths: [] }] },
      'baseLayer.sources.snapshots[0].paths',
      'Invalid baseLayer.sources.snapshots[0].paths: snapshot source "demo" must list at least one snapshot file',
    ],
    [
      'an Argo CD source without credentials',
      { argocd: [{ name: 'platform', url: 'https://argocd.example.com' }] },
      'baseLayer.sources.argocd[0]',
      "Invalid baseLayer.sources.argocd[0]: Argo CD source 'platform' needs a token, or a username and password",
    ],
    [
      'an unknown source type',
      { gitlab: [] },
      'baseLayer.sources.gitlab',
      'Invalid baseLayer.sources.gitlab: unknown source type; known types are kubernetes, argocd, snapshots',
    ],
  ])('rejects %s, naming the config key', (_, sources, key, message) => {
    let error: unknown;
    try {
      create(sources);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BaseLayerConfigError);
    expect(error).toMatchObject({ key, message });
  });
});
