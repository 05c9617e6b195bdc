/*
 * Times a full dry-run of the "Create BASE module" template through the real
 * scaffolder backend (scaffolder plugin, this module, the GitHub module and
 * an in-memory catalog), the way the template editor runs it.
 *
 * Prints numbers; asserts nothing. Run with `yarn bench`.
 */
import { performance } from 'node:perf_hooks';
import request from 'supertest';
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
  const github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {});
  await github.start();

  const startedAt = performance.now();
  const scaffolder = await startScaffolder(github);
  const startup = performance.now() - startedAt;
  const { entity, directoryContents } = await readTemplate();

  const dryRun = async (index: number) => {
    const before = performance.now();
    const response = await request(scaffolder.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', scaffolder.authorization)
      .send({
        template: entity,
        values: templateValues(github, `bench-module-${index}`),
        directoryContents,
      });
    const elapsed = performance.now() - before;
    if (response.status !== 200) {
      throw new Error(
        `dry-run failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return { elapsed, files: response.body.directoryContents.length };
  };

  const first = await dryRun(0);
  const samples: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    samples.push((await dryRun(i)).elapsed);
  }
  const s = stats(samples);

  process.stdout.write(
    [
      `node ${process.version}, ${RUNS} warm runs, ${first.files} files per dry-run`,
      `backend startup:         ${ms(startup)}`,
      `first dry-run (cold):    ${ms(first.elapsed)}`,
      `warm dry-run min/median/p95/max: ${ms(s.min)} / ${ms(s.median)} / ${ms(
        s.p95,
      )} / ${ms(s.max)}`,
      `target < 2000 ms: ${
        Math.max(first.elapsed, s.max) < 2000 ? 'met' : 'NOT met'
      }`,
      '',
    ].join('\n'),
  );

  await scaffolder.backend.stop();
  await github.stop();
  // The scaffolder's task worker keeps polling timers alive after stop().
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
