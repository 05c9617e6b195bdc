/** How long a file change may take to be reported. */
const CHANGE_BOUND_MS = 5000;

/** Resolves on the source's next change notification, or fails after the bound. */
export function nextChange(source: {
  onChange(listener: () => void): void;
}): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no change within ${CHANGE_BOUND_MS} ms`)),
      CHANGE_BOUND_MS,
    );
    source.onChange(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
