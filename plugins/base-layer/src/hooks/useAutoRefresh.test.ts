import { act, renderHook } from '@testing-library/react';
import { useAutoRefresh } from './useAutoRefresh';

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
    const { result } = renderHook(() => useAutoRefresh(load, 15_000));
    await advance(0);
    expect(load).toHaveBeenCalledTimes(1);
    expect(result.current.value).toBe('waves');

    await advance(15_000);
    expect(load).toHaveBeenCalledTimes(2);
    await advance(15_000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('pauses while the tab is hidden and reloads when it is shown', async () => {
    const load = jest.fn().mockResolvedValue('waves');
    renderHook(() => useAutoRefresh(load, 15_000));
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
    const { result } = renderHook(() => useAutoRefresh(load, 1_000));
    await advance(0);
    await advance(1_000);
    expect(result.current.value).toBe('first');
    expect(result.current.error?.message).toBe('backend down');
  });

  it('does not refresh when the interval is 0', async () => {
    const load = jest.fn().mockResolvedValue('waves');
    renderHook(() => useAutoRefresh(load, 0));
    await advance(60_000);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('stops polling when unmounted', async () => {
    const load = jest.fn().mockResolvedValue('waves');
    const { unmount } = renderHook(() => useAutoRefresh(load, 1_000));
    await advance(0);
    unmount();
    await advance(10_000);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
