import {
  applicationSyncRequestSchema,
  gitRevisionSchema,
  waveSyncRequestSchema,
} from './actions';

describe('gitRevisionSchema', () => {
  it.each([
    '3f2c9a1',
    '3f2c9a1e8b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a',
    'main',
    'HEAD',
    'v1.4.0',
    'release/1.4',
    'feature/new-overlay',
  ])('accepts %s', revision => {
    expect(gitRevisionSchema.safeParse(revision).success).toBe(true);
  });

  it.each([
    ['', 'must not be empty'],
    ['main..dev', "must not contain '..'"],
    ['my branch', 'must not contain spaces'],
    ['tab\there', 'must not contain spaces'],
    ['bell\u0007', 'control characters'],
    ['-b', "must not start with '-'"],
    ['a~1', 'must not contain spaces'],
    ['a^', 'must not contain spaces'],
    ['a:b', 'must not contain spaces'],
    ['a?', 'must not contain spaces'],
    ['a*', 'must not contain spaces'],
    ['a[1', 'must not contain spaces'],
    ['a\\b', 'must not contain spaces'],
    ['main@{1}', "'@{'"],
    ['@', "'@{'"],
    ['/main', "'/'"],
    ['main/', "'/'"],
    ['a//b', "'//'"],
    ['main.', "must not end with '.'"],
    ['.hidden', "starting with '.'"],
    ['feature/.hidden', "starting with '.'"],
    ['main.lock', "ending with '.lock'"],
    ['x'.repeat(251), 'at most 250'],
  ])('refuses %j: %s', (revision, message) => {
    const parsed = gitRevisionSchema.safeParse(revision);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toContain(message);
  });
});

describe('the sync request schemas', () => {
  it('refuse unknown fields', () => {
    expect(
      applicationSyncRequestSchema.safeParse({ dryRun: true }).success,
    ).toBe(false);
    expect(waveSyncRequestSchema.safeParse({ revision: 'main' }).success).toBe(
      false,
    );
  });

  it('take the documented fields', () => {
    expect(
      applicationSyncRequestSchema.parse({
        revision: 'main',
        prune: true,
        force: false,
      }),
    ).toEqual({ revision: 'main', prune: true, force: false });
    expect(waveSyncRequestSchema.parse({ prune: true, force: true })).toEqual({
      prune: true,
      force: true,
    });
  });
});
