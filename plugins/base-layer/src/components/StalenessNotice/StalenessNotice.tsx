import { WarningPanel } from '@backstage/core-components';
import { SourceStatus } from '@internal/plugin-base-layer-common';
import { formatAge } from '../../lib/format';

/** Props of {@link StalenessNotice}. */
export interface StalenessNoticeProps {
  stale: boolean;
  /** Age of the served data, in seconds. */
  ageSeconds: number;
  /** Sources, to name the ones whose data is stale. */
  sources?: SourceStatus[];
}

/**
 * Says plainly that what is shown is old, and how old, so nobody mistakes a
 * cached snapshot for the live state of a rollout. When sources failed, it
 * names them: the snapshot itself may be seconds old while one source's data
 * is not.
 */
export const StalenessNotice = ({
  stale,
  ageSeconds,
  sources = [],
}: StalenessNoticeProps) => {
  if (!stale) {
    return null;
  }
  const staleSources = sources.filter(s => s.stale);
  return (
    <WarningPanel
      severity="warning"
      title={
        staleSources.length > 0
          ? `Stale data from ${staleSources.map(s => s.name).join(', ')}`
          : `Stale data: last refreshed ${formatAge(ageSeconds)} ago`
      }
      message={
        staleSources.length > 0
          ? `Serving the last good data of ${staleSources
              .map(
                s =>
                  `${s.name}${
                    s.ageSeconds !== undefined
                      ? ` (${formatAge(s.ageSeconds)} old)`
                      : ''
                  }`,
              )
              .join(', ')}.`
          : 'The backend is serving its last good snapshot.'
      }
    />
  );
};
