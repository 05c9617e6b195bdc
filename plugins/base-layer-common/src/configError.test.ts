import { BaseLayerConfigError } from './configError';

describe('BaseLayerConfigError', () => {
  it('names the config key', () => {
    const error = new BaseLayerConfigError(
      'baseLayer.tools.dev.grafana',
      'only http(s) URLs are allowed',
    );
    expect(error.name).toBe('BaseLayerConfigError');
    expect(error.key).toBe('baseLayer.tools.dev.grafana');
    expect(error.message).toBe(
      'Invalid baseLayer.tools.dev.grafana: only http(s) URLs are allowed',
    );
  });
});
