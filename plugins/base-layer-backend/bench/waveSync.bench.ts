/*
 * Benchmark of a wave sync: 400 OutOfSync Applications in one wave, on a
 * loopback Argo CD that takes 50 ms to answer each sync.
 *
 *   yarn bench:sync
 *
 * Prints the wall time of the sync, the requests Argo CD received and the
 * most it had in flight at once (at most 5, the limit of one action).
 */
import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { performance } from 'node:perf_hooks';
import { ArgoCdApplicationActions } from '../src/service/actions/ArgoCdApplicationActions';
import {
  MAX_IN_FLIGHT,
  RolloutActionService,
} from '../src/service/actions/RolloutActionService';
import { CatalogEntityIndex } from '../src/service/catalog/CatalogEntityIndex';
import { ArgoCdApiSource } from '../src/service/sources/argocd/ArgoCdApiSource';
import { WaveStatusService } from '../src/service/waves/WaveStatusService';
import { buildApplication, startLoopbackArgoCd } from '../src/testUtils';
import { jsonCache } from '../src/__testUtils__/jsonCache';
import { silentLogger } from './benchServices';

const APPLICATIONS = 400;
const LATENCY_MS = 50;

async function main() {
  const logger = silentLogger();
  const argocd = await startLoopbackArgoCd({
    applications: Array.from({ length: APPLICATIONS }, (_, i) =>
      buildApplication({ name: `module-${i}`, wave: 0, sync: 'OutOfSync' }),
    ),
  });
  const credentials = { token: argocd.token };
  const index = new CatalogEntityIndex({
    catalog: {} as never,
    auth: {} as never,
    logger,
  });
  index.replace([]);
  const waves = new WaveStatusService({
    sources: [
      new ArgoCdApiSource({
        name: 'argocd',
        baseUrl: argocd.url,
        credentials,
        timeoutMs: 5000,
        logger,
      }),
    ],
    waves: [{ id: 0, name: 'Core services' }],
    entities: index,
    cache: jsonCache(),
    logger,
    readTimeoutMs: 20_000,
    staleAfterMs: 90_000,
  });
  const allow = async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  const actions = new RolloutActionService({
    waves,
    targets: {
      writable: new Map([
        [
          'argocd',
          new ArgoCdApplicationActions({
            name: 'argocd',
            baseUrl: argocd.url,
            credentials,
            timeoutMs: 5000,
          }),
        ],
      ]),
      readOnly: new Set(),
    },
    permissions: { authorize: allow, authorizeConditional: allow } as never,
    logger,
  });
  await waves.getWaves();

  argocd.actions.setLatency(LATENCY_MS);
  const started = performance.now();
  const response = await actions.run(
    { action: 'sync', waveId: 0, options: {} },
    {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:default/alice' },
    } as BackstageCredentials<BackstageUserPrincipal>,
  );
  const wallMs = performance.now() - started;
  await argocd.stop();

  const ok = response.results.filter(r => r.result === 'ok').length;
  const floorMs = Math.ceil(APPLICATIONS / MAX_IN_FLIGHT) * LATENCY_MS;
  process.stdout.write(
    [
      `Wave sync of ${APPLICATIONS} applications, loopback Argo CD answering each sync in ${LATENCY_MS} ms`,
      `  wall time:           ${wallMs.toFixed(
        0,
      )} ms (floor at ${MAX_IN_FLIGHT} in flight: ${floorMs} ms)`,
      `  synced:              ${ok} of ${response.results.length}`,
      `  sync requests:       ${argocd.actions.requests.length}`,
      `  peak in flight:      ${argocd.actions.peakInFlight} (limit ${MAX_IN_FLIGHT})`,
      '',
    ].join('\n'),
  );
  if (argocd.actions.peakInFlight > MAX_IN_FLIGHT || ok !== APPLICATIONS) {
    process.exitCode = 1;
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
