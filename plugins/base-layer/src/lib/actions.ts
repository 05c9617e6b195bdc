import { ResponseError } from '@backstage/errors';
import {
  ActionErrorDetails,
  ActionResponse,
  ApplicationActionResult,
  ApplicationStatus,
  findWaveGate,
  RolloutAction,
  SourceStatus,
  WaveGate,
  WaveStatus,
} from '@internal/plugin-base-layer-common';

const VERB: Record<RolloutAction, string> = {
  refresh: 'Refresh',
  sync: 'Sync',
};

/** `data-ingestion ok`, or `data-ingestion failed (502): quota exceeded`. */
function describeResult(result: ApplicationActionResult): string {
  if (result.result === 'ok') {
    return `${result.name} ok`;
  }
  const status = result.upstreamStatus ? ` (${result.upstreamStatus})` : '';
  return `${result.name} failed${status}${
    result.message ? `: ${result.message}` : ''
  }`;
}

/** One line per application, joined for a snackbar. */
const describeResults = (results: ApplicationActionResult[]) =>
  results.length === 0
    ? 'no application needed it'
    : results.map(describeResult).join('; ');

/** What a target is called in a message: the entity ref or `wave 3`. */
function describeTarget(target: ActionResponse['target']): string {
  return 'waveId' in target ? `wave ${target.waveId}` : target.entityRef;
}

/** The snackbar text of an action the backend carried out. */
export function describeActionResponse(response: ActionResponse): string {
  const forced = response.force ? ' (forced past the wave gate)' : '';
  return `${VERB[response.action]} of ${describeTarget(
    response.target,
  )}${forced}: ${describeResults(response.results)}`;
}

/** The details of a refused or failed action, when the backend sent them. */
export function actionErrorDetails(error: unknown): ActionErrorDetails {
  if (error instanceof ResponseError) {
    return error.body.error as ActionErrorDetails;
  }
  return {};
}

/**
 * The snackbar text of a refused or failed action: the backend's status and
 * message and, for a 502, every application's result.
 */
export function describeActionError(
  action: RolloutAction,
  target: string,
  error: unknown,
): string {
  const prefix = `${VERB[action]} of ${target} failed`;
  if (!(error instanceof ResponseError)) {
    return `${prefix}: ${String((error as Error)?.message ?? error)}`;
  }
  const { results } = actionErrorDetails(error);
  const detail = results
    ? describeResults(results)
    : error.body.error.message ?? error.message;
  return `${prefix} (${error.statusCode}): ${detail}`;
}

/** `wave 0 (Core services) is Degraded: vault (Synced, Degraded)`. */
export function describeGate(gate: WaveGate): string {
  const { blockingWave: wave } = gate;
  return `Gated by wave ${wave.id} (${wave.name}), which is ${wave.state}${
    wave.reason ? `: ${wave.reason}` : ''
  }`;
}

/**
 * The gate in front of the earliest of the waves the applications are in,
 * as the backend checks it before a sync; undefined when the way is clear.
 */
export function findApplicationsGate(
  waves: WaveStatus[],
  applications: ApplicationStatus[],
): WaveGate | undefined {
  const ids = [
    ...new Set(applications.flatMap(a => (a.wave === null ? [] : [a.wave]))),
  ].sort((a, b) => a - b);
  for (const id of ids) {
    const gate = findWaveGate(waves, id);
    if (gate) {
      return gate;
    }
  }
  return undefined;
}

/**
 * Why the applications cannot be acted on from the portal: one of them is
 * read from a snapshot file (a read-only source). Undefined when none is.
 */
export function findReadOnlySource(
  sources: SourceStatus[],
  applications: ApplicationStatus[],
): string | undefined {
  const snapshots = new Set(
    sources.filter(s => s.type === 'snapshot').map(s => s.name),
  );
  const app = applications.find(a => snapshots.has(a.source));
  return (
    app &&
    `${app.name} is read from the snapshot source ${app.source}, which is read-only`
  );
}
