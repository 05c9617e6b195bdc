import {
  ConflictError,
  CustomErrorBase,
  NotAllowedError,
} from '@backstage/errors';
import {
  ApplicationActionResult,
  WaveGate,
} from '@internal/plugin-base-layer-common';

/**
 * How one call to Argo CD or a cluster failed: the status it answered and
 * its own message, or no status when it did not answer (timeout, network).
 */
export class UpstreamCallError extends Error {
  constructor(message: string, readonly upstreamStatus?: number) {
    super(message);
    this.name = 'UpstreamCallError';
  }
}

/**
 * An action reached Argo CD or a cluster and at least one application
 * failed. Answers 502 (the error middleware reads `statusCode`), with every
 * application's result in the error body.
 */
export class RolloutActionFailedError extends CustomErrorBase {
  name = 'RolloutActionFailedError' as const;
  readonly statusCode = 502;

  constructor(message: string, readonly results: ApplicationActionResult[]) {
    super(message);
  }
}

/**
 * A sync refused because an earlier wave is not Synced and Healthy. A
 * {@link @backstage/errors#ConflictError} (409) carrying the gate.
 */
export class WaveGateError extends ConflictError {
  constructor(readonly gate: WaveGate) {
    const { blockingWave: blocking } = gate;
    const chain = gate.causes
      .map(
        c =>
          `wave ${c.id} (${c.name}) is ${c.state}${
            c.reason ? `: ${c.reason}` : ''
          }`,
      )
      .join('; ');
    super(
      `Wave ${gate.wave} is gated by wave ${blocking.id} (${blocking.name}): ${chain}. Sync wave ${blocking.id} first, or use force`,
    );
  }
}

/**
 * An action the user may not take. A
 * {@link @backstage/errors#NotAllowedError} (403) naming the entities it was
 * refused on.
 */
export class ActionDeniedError extends NotAllowedError {
  constructor(message: string, readonly denied: string[]) {
    super(message);
  }
}
