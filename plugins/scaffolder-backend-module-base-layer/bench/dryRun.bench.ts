/*
 * Times a full dry-run of the "Create BASE module" template, and of the
 * "Update", "Promote" and "Retire BASE module" templates on an existing
 * module, through the real scaffolder backend (scaffolder plugin, this
 * module, the GitHub module, an in-memory catalog, the loopback GitHub and
 * the loopback base-layer status API), the way the template editor runs it.
 *
 * Prints numbers; asserts nothing. Run with `yarn bench`.
 */
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import {
  LIFECYCLE_TEMPLATE_DIRS,
  loopbackBaseLayerStatus,
  moduleFiles,
  moduleStatus,
} from '../src/__testUtils__/gitopsModules';
import { LoopbackGithub } from '../src/__testUtils__/loopbackGithub';
import {
  readTemplate,
  startScaffolder,
  templateValues,
} from '../src/__testUtils__/scaffolderBackend';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    min: sorted[0],
    median: pick(0.5),
    p95: pick(0.95),
    max: sorted[sorted.length - 1],
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const github = new LoopbackGithub(
    'vsem-svoim',
    'base-app-layer',
    moduleFiles('data-ingestion', { devTag: '1.5.0', prodTag: '1.4.2' }),
  );
  await github.start();
  const status = loopbackBaseLayerStatus({
    'data-ingestion': moduleStatus('data-ingestion', 'Healthy'),
  });

  const startedAt = performance.now();
  // What the create template's checks look up: the owner and the
  // default dependencies.
  const catalogEntity = (
    kind: string,
    name: string,
    spec: object,
    wave?: number,
  ) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(wave !== undefined && {
        annotations: { 'base-layer.io/wave': String(wave) },
      }),
    },
    spec,
  });
  const scaffolder = await startScaffolder(github, {
    features: [status.feature],
    entities: [
      catalogEntity('Group', 'platform-team', { type: 'team', children: [] }),
      catalogEntity('Component', 'vault', {}, 0),
      catalogEntity('Component', 'monitoring', {}, 1),
    ],
  });
  const startup = performance.now() - startedAt;
  const dryRun = async (
    template: Awaited<ReturnType<typeof readTemplate>>,
    values: object,
  ) => {
    const before = performance.now();
    const response = await request(scaffolder.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', scaffolder.authorization)
      .send({
        template: template.entity,
        values,
        directoryContents: template.directoryContents,
      });
    const elapsed = performance.now() - before;
    if (response.status !== 200) {
      throw new Error(
        `dry-run failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return { elapsed, files: response.body.directoryContents.length };
  };

  const entity = 'component:default/data-ingestion';
  const cases: Array<[string, string | undefined, (i: number) => object]> = [
    ['create', undefined, i => templateValues(github, `bench-module-${i}`)],
    [
      'update',
      LIFECYCLE_TEMPLATE_DIRS.update,
      i => ({ entity, prodCpu: `${i + 1}`, prodMemory: '2Gi' }),
    ],
    ['promote', LIFECYCLE_TEMPLATE_DIRS.promote, () => ({ entity })],
    ['retire', LIFECYCLE_TEMPLATE_DIRS.retire, () => ({ entity })],
  ];
  const lines = [
    `node ${process.version}, ${RUNS} warm runs per template`,
    `backend startup:         ${ms(startup)}`,
  ];
  for (const [name, dir, values] of cases) {
    const template = await readTemplate(dir);
    const first = await dryRun(template, values(0));
    const samples: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      samples.push((await dryRun(template, values(i))).elapsed);
    }
    const s = stats(samples);
    const worst = Math.max(first.elapsed, s.max);
    lines.push(
      `${name.padEnd(8)} ${first.files} file(s): first ${ms(
        first.elapsed,
      )}, warm min/median/p95/max ${ms(s.min)} / ${ms(s.median)} / ${ms(
        s.p95,
      )} / ${ms(s.max)}; target < 2000 ms ${worst < 2000 ? 'met' : 'NOT met'}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  await scaffolder.backend.stop();
  await github.stop();
  // The scaffolder's task worker keeps polling timers alive after stop().
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
