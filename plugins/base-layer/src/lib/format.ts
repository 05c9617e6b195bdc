/** Formats an age in seconds the way people read it on a dashboard: `45s`, `12m`, `3h 5m`, `2d`. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m`;
  }
  if (s < 86400) {
    const minutes = Math.floor((s % 3600) / 60);
    return minutes
      ? `${Math.floor(s / 3600)}h ${minutes}m`
      : `${Math.floor(s / 3600)}h`;
  }
  return `${Math.floor(s / 86400)}d`;
}

/**
 * Formats an ISO timestamp relative to `now`, for example `5m ago`.
 * Returns undefined when there is no parseable timestamp.
 */
export function formatRelativeTime(
  iso: string | undefined,
  now: number = Date.now(),
): string | undefined {
  if (!iso) {
    return undefined;
  }
  const at = Date.parse(iso);
  if (Number.isNaN(at)) {
    return undefined;
  }
  const seconds = (now - at) / 1000;
  if (seconds < 5) {
    return 'just now';
  }
  return `${formatAge(seconds)} ago`;
}

/** Git SHAs are shortened to 7 characters; tags and chart versions are kept as they are. */
export function shortRevision(
  revision: string | undefined,
): string | undefined {
  if (!revision) {
    return undefined;
  }
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}
