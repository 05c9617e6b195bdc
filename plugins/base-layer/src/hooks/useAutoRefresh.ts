import { useCallback, useEffect, useRef, useState } from 'react';

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
  /** Loads again now. */
  retry: () => void;
}

function isTabHidden(): boolean {
  return (
    typeof document !== 'undefined' && document.visibilityState === 'hidden'
  );
}

/**
 * Calls `tick` now and again `intervalMs` after each call settles, paused
 * while the tab is hidden and resumed at once when it is shown. `tick` must
 * not reject.
 *
 * @returns a function that stops polling.
 */
function startPolling(
  tick: () => Promise<void>,
  intervalMs: number,
): () => void {
  let stopped = false;
  let inFlight = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = () => {
    if (stopped || intervalMs <= 0 || isTabHidden()) {
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    timer = setTimeout(run, intervalMs);
  };

  const run = async () => {
    timer = undefined;
    inFlight = true;
    try {
      await tick();
    } finally {
      inFlight = false;
    }
    schedule();
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
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}

/**
 * Calls `load` now and again `intervalMs` after each load settles.
 *
 * Polling pauses while the browser tab is hidden, so a forgotten tab costs
 * the backend nothing, and resumes with an immediate load when the tab is
 * shown again. Each load is scheduled after the previous one settles, so a
 * slow backend is never hit by overlapping requests.
 *
 * @param load - must be stable (wrap it in useCallback); a new function restarts polling.
 * @param intervalMs - 0 or less disables the refresh.
 */
export function useAutoRefresh<T>(
  load: () => Promise<T>,
  intervalMs: number,
): AutoRefreshState<T> {
  const [state, setState] = useState<Omit<AutoRefreshState<T>, 'retry'>>({
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
    const stop = startPolling(async () => {
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
    }, intervalMs);
    return () => {
      disposed = true;
      stop();
    };
  }, [load, intervalMs, attempt]);

  return { ...state, retry };
}
