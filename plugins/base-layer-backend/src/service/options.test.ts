import { ConfigReader } from '@backstage/config';
import { BaseLayerConfigError } from '@internal/plugin-base-layer-common';
import { readToolsSkippingTlsVerify, readToolUrls } from './options';

describe('readToolUrls', () => {
  it('reads base URLs per environment and tool, without trailing slashes', () => {
    const config = new ConfigReader({
      baseLayer: {
        tools: {
          dev: { grafana: 'https://grafana.dev.example.com/' },
          prod: { argocd: 'https://argocd.example.com' },
        },
      },
    });
    expect(readToolUrls(config)).toEqual({
      dev: { grafana: 'https://grafana.dev.example.com' },
      prod: { argocd: 'https://argocd.example.com' },
    });
  });

  it.each(['ftp://grafana.example.com', 'not a url'])(
    'rejects %j, naming the config key',
    url => {
      const config = new ConfigReader({
        baseLayer: { tools: { dev: { grafana: url } } },
      });
      expect(() => readToolUrls(config)).toThrow(BaseLayerConfigError);
      expect(() => readToolUrls(config)).toThrow(
        'Invalid baseLayer.tools.dev.grafana: only http(s) URLs are allowed',
      );
    },
  );
});

describe('readToolsSkippingTlsVerify', () => {
  it('lists the environments with skipTLSVerify: true, and keeps their URLs', () => {
    const config = new ConfigReader({
      baseLayer: {
        tools: {
          local: { argocd: 'https://localhost:8080', skipTLSVerify: true },
          dev: {
            argocd: 'https://argocd.dev.example.com',
            skipTLSVerify: false,
          },
          prod: { argocd: 'https://argocd.example.com' },
        },
      },
    });
    expect(readToolsSkippingTlsVerify(config)).toEqual(['local']);
    expect(readToolUrls(config).local).toEqual({
      argocd: 'https://localhost:8080',
    });
  });

  it('refuses a value that is not a boolean, naming the key', () => {
    const config = new ConfigReader({
      baseLayer: { tools: { local: { skipTLSVerify: 'maybe' } } },
    });
    expect(() => readToolsSkippingTlsVerify(config)).toThrow(
      /baseLayer\.tools\.local\.skipTLSVerify/,
    );
  });
});
