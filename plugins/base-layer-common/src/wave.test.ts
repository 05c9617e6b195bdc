import { ConfigReader } from '@backstage/config';
import { isHttpUrl, readEntityWave, readWaveDefinitions } from './wave';

const entity = (annotations?: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'data-ingestion', annotations },
  spec: {},
});

describe('readEntityWave', () => {
  it('reads the wave annotation as a number', () => {
    expect(readEntityWave(entity({ 'base-layer.io/wave': '3' }))).toBe(3);
  });

  it('returns undefined when the entity has no wave', () => {
    expect(readEntityWave(entity())).toBeUndefined();
  });

  it.each(['-1', 'three', '1.5', ''])('rejects %j', value => {
    const result = readEntityWave(entity({ 'base-layer.io/wave': value }));
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toContain('base-layer.io/wave');
  });
});

describe('readWaveDefinitions', () => {
  it('sorts the configured waves by id', () => {
    const config = new ConfigReader({
      baseLayer: {
        waves: [
          { id: 1, name: 'Shared services' },
          { id: 0, name: 'Core services' },
        ],
      },
    });
    expect(readWaveDefinitions(config)).toEqual([
      { id: 0, name: 'Core services' },
      { id: 1, name: 'Shared services' },
    ]);
  });

  it('names the duplicated wave', () => {
    const config = new ConfigReader({
      baseLayer: {
        waves: [
          { id: 0, name: 'a' },
          { id: 0, name: 'b' },
        ],
      },
    });
    expect(() => readWaveDefinitions(config)).toThrow(
      'baseLayer.waves[1].id: wave 0 is declared twice',
    );
  });
});

describe('isHttpUrl', () => {
  it.each([
    ['https://grafana.example.com/d/abc', true],
    ['http://localhost:5000', true],
    // eslint-disable-next-line no-script-url
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['/relative/path', false],
  ])('%s -> %s', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
  });
});
