import { useSignal } from '@backstage/plugin-signals-react';
import {
  WAVE_STATUS_SIGNAL_CHANNEL,
  WaveStatusSignal,
} from '@internal/plugin-base-layer-common';
import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * While signals announce every status change, polling is only a fallback,
 * for a socket that silently dropped: at least this long apart.
 */
export const FALLBACK_POLL_INTERVAL_MS = 60_000;

/**
 * With signals, the first fallback re-read comes this soon after the first
 * load. Backstage's signal client gives a first connection 1 s and retries
 * 5 s later, and a change announced before its subscription is never
 * delivered: this re-read picks it up (a 304 when nothing changed).
 */
export const SIGNALS_CONNECT_GRACE_MS = 8_000;

/** What {@link useAutoRefresh} knows about the latest load. */
export interface AutoRefreshState<T> {
  /** The last value loaded successfully; kept when a later refresh fails. */
  value?: T;
  /** The error of the latest load, cleared by the next successful one. */
  error?: Error;
  /** True until the first load (or a retry) settles. Background refreshes do not set it. */
  loading: boolean;
  /** When the latest successful load finished, in epoch milliseconds. */
  loadedAt?: number;
  /** Whether changes the backend signals are loaded within moments. */
  live: boolean;
  /** How long after a load the next one starts without a signal; 0 or less when never. */
  pollIntervalMs: number;
  /** Loads again now. */
  retry: () => void;
}

function isTabHidden(): boolean {
  return (
    typeof document !== 'undefined' && document.visibilityState === 'hidden'
  );
}

/**
 * Calls `tick` now, again `firstIntervalMs` after that first call settles,
 * and then `intervalMs` after each call settles, paused
 * while the tab is hidden and resumed at once when it is shown. `tick` must
 * not reject.
 *
 * @returns `stop`, which stops polling, and `now`, which calls `tick` at
 * once, or right after the call in flight.
 */
function startPolling(
  tick: () => Promise<void>,
  intervalMs: number,
  firstIntervalMs = intervalMs,
): { stop: () => void; now: () => void } {
  let stopped = false;
  let nextMs = firstIntervalMs;
  let inFlight = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = () => {
    if (stopped || intervalMs <= 0 || isTabHidden()) {
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    timer = setTimeout(run, nextMs);
    nextMs = intervalMs;
  };

  const run = async () => {
    timer = undefined;
    inFlight = true;
    try {
      await tick();
    } finally {
      inFlight = false;
    }
    if (again && !stopped) {
      again = false;
      run();
      return;
    }
    schedule();
  };

  const now = () => {
    if (stopped || isTabHidden()) {
      return;
    }
    if (inFlight) {
      again = true;
      return;
    }
    clearTimeout(timer);
    run();
  };

  const onVisibilityChange = () => {
    if (isTabHidden()) {
      clearTimeout(timer);
      timer = undefined;
    } else if (!timer && !inFlight) {
      run();
    }
  };

  run();
  document.addEventListener('visibilitychange', onVisibilityChange);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    },
    now,
  };
}

/** Options of {@link useAutoRefresh}. */
export interface AutoRefreshOptions {
  /**
   * Whether `intervalMs` becomes a fallback of at least
   * {@link FALLBACK_POLL_INTERVAL_MS} while signals are available. Off to
   * follow an operation closely. On by default.
   */
  fallbackPoll?: boolean;
}

/**
 * Calls `load` now, again within moments of every wave status change the
 * backend signals, and `intervalMs` after each load settles.
 *
 * Polling pauses while the browser tab is hidden, so a forgotten tab costs
 * the backend nothing, and resumes with an immediate load when the tab is
 * shown again. Each load is scheduled after the previous one settles, so a
 * slow backend is never hit by overlapping requests.
 *
 * @param load - must be stable (wrap it in useCallback); a new function restarts polling.
 * With signals (the app has `@backstage/plugin-signals`), polling is only a
 * fallback, at least {@link FALLBACK_POLL_INTERVAL_MS} apart (the first one
 * {@link SIGNALS_CONNECT_GRACE_MS} after the first load); without, it
 * runs every `intervalMs`.
 *
 * @param intervalMs - 0 or less disables the refresh.
 */
export function useAutoRefresh<T>(
  load: () => Promise<T>,
  intervalMs: number,
  options: AutoRefreshOptions = {},
): AutoRefreshState<T> {
  const { fallbackPoll = true } = options;
  const { lastSignal, isSignalsAvailable } = useSignal<WaveStatusSignal>(
    WAVE_STATUS_SIGNAL_CHANNEL,
  );
  const usesSignals = isSignalsAvailable && fallbackPoll && intervalMs > 0;
  const pollMs = usesSignals
    ? Math.max(intervalMs, FALLBACK_POLL_INTERVAL_MS)
    : intervalMs;
  const pollingRef = useRef<{ now: () => void }>();
  const [state, setState] = useState<
    Omit<AutoRefreshState<T>, 'retry' | 'live' | 'pollIntervalMs'>
  >({
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt(n => n + 1), []);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let disposed = false;
    setState(previous =>
      previous.loading ? previous : { ...previous, loading: true },
    );
    const polling = startPolling(
      async () => {
        try {
          const value = await loadRef.current();
          if (!disposed) {
            setState({ value, loading: false, loadedAt: Date.now() });
          }
        } catch (e) {
          if (!disposed) {
            setState(previous => ({
              ...previous,
              error: e instanceof Error ? e : new Error(String(e)),
              loading: false,
            }));
          }
        }
      },
      pollMs,
      usesSignals ? Math.min(pollMs, SIGNALS_CONNECT_GRACE_MS) : pollMs,
    );
    pollingRef.current = polling;
    return () => {
      disposed = true;
      polling.stop();
    };
  }, [load, pollMs, usesSignals, attempt]);

  useEffect(() => {
    if (lastSignal) {
      pollingRef.current?.now();
    }
  }, [lastSignal]);

  return {
    ...state,
    live: isSignalsAvailable,
    pollIntervalMs: pollMs,
    retry,
  };
}
