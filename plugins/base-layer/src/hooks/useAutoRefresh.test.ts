import { TestApiProvider } from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { WAVE_STATUS_SIGNAL_CHANNEL } from '@internal/plugin-base-layer-common';
import { act, renderHook, RenderHookOptions } from '@testing-library/react';
import { createElement, PropsWithChildren } from 'react';
import {
  FALLBACK_POLL_INTERVAL_MS,
  SIGNALS_CONNECT_GRACE_MS,
  useAutoRefresh,
} from './useAutoRefresh';

/** An app without the signals plugin. */
const withoutSignals: RenderHookOptions<unknown> = {
  wrapper: ({ children }: PropsWithChildren<{}>) =>
    createElement(TestApiProvider, { apis: [], children }),
};

type Message = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/** An app with signals, and a function sending one on a channel. */
function withSignals() {
  const listeners = new Map<string, Array<(message: Message) => void>>();
  const signalApi: SignalApi = {
    subscribe: (channel, onMessage) => {
      const list = listeners.get(channel) ?? [];
      list.push(onMessage as (message: Message) => void);
      listeners.set(channel, list);
      return {
        unsubscribe: () =>
          listeners.set(
            channel,
            (listeners.get(channel) ?? []).filter(l => l !== onMessage),
          ),
      };
    },
  };
  const options: RenderHookOptions<unknown> = {
    wrapper: ({ children }: PropsWithChildren<{}>) =>
      createElement(TestApiProvider, {
        apis: [[signalApiRef, signalApi]],
        children,
      }),
  };
  const send = (channel: string, message: Message) =>
    act(() => (listeners.get(channel) ?? []).forEach(l => l(message)));
  return { options, send };
}

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

async function advance(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
}

describe('useAutoRefresh', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setVisibility('visible');
  });

  afterEach(() => {
    jest.useRealTimers();
    setVisibility('visible');
  });

  it('loads now and again every interval', async () => {
    const load = jest.fn().mockResolvedValue('waves');
    const { result } = renderHook(
      () => useAutoRefresh(load, 15_000),
      withoutSignals,
    );
    await advance(0);
    expect(load).toHaveBeenCalledTimes(1);
    expect(result.current).toMatchObject({
      value: 'waves',
      live: false,
      pollIntervalMs: 15_000,
    });

    await advance(15_000);
    expect(load).toHaveBeenCalledTimes(2);
    await advance(15_000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('pauses while the tab is hidden and reloads when it is shown', async () => {
    const load = jest.fn().mockResolvedValue('waves');
    renderHook(() => useAutoRefresh(load, 15_000), withoutSignals);
    await advance(0);
    expect(load).toHaveBeenCalledTimes(1);

    act(() => setVisibility('hidden'));
    await advance(120_000);
    expect(load).toHaveBeenCalledTimes(1);

    act(() => setVisibility('visible'));
    await advance(0);
    expect(load).toHaveBeenCalledTimes(2);
    await advance(15_000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('keeps the last good value when a refresh fails', async () => {
    const load = jest
      .fn()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(new Error('backend down'));
    const { result } = renderHook(
      () => useAutoRefresh(load, 1_000),
      withoutSignals,
    );
    await advance(0);
    await advance(1_000);
    expect(result.current.value).toBe('first');
    expect(result.current.error?.message).toBe('backend down');
  });

  it('does not refresh when the interval is 0', async () => {
    const load = jest.fn().mockResolvedValue('waves');
    renderHook(() => useAutoRefresh(load, 0), withoutSignals);
    await advance(60_000);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('stops polling when unmounted', async () => {
    const load = jest.fn().mockResolvedValue('waves');
    const { unmount } = renderHook(
      () => useAutoRefresh(load, 1_000),
      withoutSignals,
    );
    await advance(0);
    unmount();
    await advance(10_000);
    expect(load).toHaveBeenCalledTimes(1);
  });

  describe('with signals', () => {
    it('reloads at once on a wave status signal, and only polls as a slow fallback', async () => {
      const { options, send } = withSignals();
      const load = jest.fn().mockResolvedValue('waves');
      const { result } = renderHook(
        () => useAutoRefresh(load, 15_000),
        options,
      );
      await advance(0);
      expect(load).toHaveBeenCalledTimes(1);
      expect(result.current).toMatchObject({
        live: true,
        pollIntervalMs: FALLBACK_POLL_INTERVAL_MS,
      });

      // Once more while the signals socket may still be connecting.
      await advance(SIGNALS_CONNECT_GRACE_MS - 1);
      expect(load).toHaveBeenCalledTimes(1);
      await advance(1);
      expect(load).toHaveBeenCalledTimes(2);

      await advance(15_000);
      expect(load).toHaveBeenCalledTimes(2);

      send(WAVE_STATUS_SIGNAL_CHANNEL, { version: 'v2', waves: [0] });
      await advance(0);
      expect(load).toHaveBeenCalledTimes(3);
      send('another-plugin:topic', { version: 'v3' });
      await advance(0);
      expect(load).toHaveBeenCalledTimes(3);

      await advance(FALLBACK_POLL_INTERVAL_MS - 1);
      expect(load).toHaveBeenCalledTimes(3);
      await advance(1);
      expect(load).toHaveBeenCalledTimes(4);
    });

    it('runs a signal that arrives during a load right after it', async () => {
      const { options, send } = withSignals();
      let resolve: (value: string) => void = () => {};
      const load = jest.fn(
        () =>
          new Promise<string>(r => {
            resolve = r;
          }),
      );
      renderHook(() => useAutoRefresh(load, 15_000), options);
      await advance(0);
      send(WAVE_STATUS_SIGNAL_CHANNEL, { version: 'v2', waves: [] });
      await advance(0);
      expect(load).toHaveBeenCalledTimes(1);
      await act(async () => resolve('waves'));
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('keeps a short interval when asked to follow closely', async () => {
      const { options } = withSignals();
      const load = jest.fn().mockResolvedValue('waves');
      renderHook(
        () => useAutoRefresh(load, 2_000, { fallbackPoll: false }),
        options,
      );
      await advance(0);
      await advance(2_000);
      expect(load).toHaveBeenCalledTimes(2);
    });
  });
});
