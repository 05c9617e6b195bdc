import { splitCommaList } from './commaList';

describe('splitCommaList', () => {
  it('trims the items and drops empty ones', () => {
    expect(splitCommaList(' aws, dev,,prod , ')).toEqual([
      'aws',
      'dev',
      'prod',
    ]);
  });

  it('reads a missing or empty value as no items', () => {
    expect(splitCommaList(undefined)).toEqual([]);
    expect(splitCommaList('')).toEqual([]);
  });
});
