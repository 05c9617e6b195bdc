/**
 * The signal channel on which the base-layer backend announces that the
 * wave status changed.
 *
 * @public
 */
export const WAVE_STATUS_SIGNAL_CHANNEL = 'base-layer:waves';

/**
 * A {@link WAVE_STATUS_SIGNAL_CHANNEL} message. It names what changed and
 * never carries the status itself: a page re-reads `GET /waves`.
 *
 * @public
 */
export type WaveStatusSignal = {
  /** The new content version, as in the `GET /waves` ETag. */
  version: string;
  /** Ids of the waves whose status changed. */
  waves: number[];
};
