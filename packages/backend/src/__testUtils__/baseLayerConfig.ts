import {
  LoopbackArgoCd,
  platformWaves,
} from '@internal/plugin-base-layer-backend/testUtils';

/**
 * The `baseLayer` config of a backend test: the platform's waves and one
 * Argo CD source, the loopback, signed in to with its account.
 */
export function baseLayerConfig(argocd: LoopbackArgoCd) {
  return {
    waves: platformWaves,
    requestTimeout: '2s',
    sources: {
      argocd: [
        {
          name: 'argocd',
          url: argocd.url,
          username: argocd.username,
          password: argocd.password,
        },
      ],
    },
  };
}
