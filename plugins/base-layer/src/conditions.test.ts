import { isBaseLayerModule } from './conditions';
import { moduleEntity } from './__testUtils__/fixtures';

describe('isBaseLayerModule', () => {
  it('accepts an entity with a wave annotation', () => {
    expect(isBaseLayerModule(moduleEntity)).toBe(true);
  });

  it('rejects an entity without one', () => {
    expect(
      isBaseLayerModule({
        ...moduleEntity,
        metadata: { name: 'website', annotations: {} },
      }),
    ).toBe(false);
  });
});
