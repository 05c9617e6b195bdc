import { ArgoCdApplication } from '../service/sources/types';
import { buildApplication } from '../testUtils/applications';

/**
 * Three Applications of which the second, `broken`, has a source without
 * `repoURL`, and the problem a source reports for it.
 */
export function applicationsWithOneInvalid(): {
  applications: ArgoCdApplication[];
  validNames: string[];
  problem: { location: string; message: string };
} {
  const broken = buildApplication({ name: 'broken' });
  (broken.spec as Record<string, unknown>).source = { path: 'core/broken' };
  return {
    applications: [
      buildApplication({ name: 'vault' }),
      broken,
      buildApplication({ name: 'logging' }),
    ],
    validNames: ['vault', 'logging'],
    problem: {
      location: 'items[1]',
      message:
        'Invalid Application "broken": spec.source.repoURL is required; skipped',
    },
  };
}
