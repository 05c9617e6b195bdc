import {
  ApplicationState,
  ApplicationStatus,
  ApplicationTransition,
} from '@internal/plugin-base-layer-common';
import { WaveStatusDocument } from '../waves/WaveStatusDocument';

const key = (app: ApplicationStatus) =>
  `${app.source}\u0000${app.namespace}\u0000${app.name}`;

function applicationsOf(document: WaveStatusDocument): ApplicationStatus[] {
  return [
    ...document.waves.flatMap(w => w.applications),
    ...document.unassigned,
  ];
}

/**
 * The state of an application as its source last reported it: an
 * unreachable source's applications are Unknown, which says nothing about
 * the application, so their last known state counts.
 */
function stateOf(app: ApplicationStatus): ApplicationState | undefined {
  if (app.error) {
    return app.lastKnown;
  }
  return { sync: app.sync, health: app.health };
}

/**
 * The applications whose sync status or health (`Deleting` while being
 * deleted) differs between two status documents. Without a previous
 * document there is nothing to compare with, so nothing changed; an
 * application new to the next one enters from `null`. Applications of a
 * source that could not be read are left out until it is read again.
 */
export function applicationTransitions(
  previous: WaveStatusDocument | undefined,
  next: WaveStatusDocument,
  at: Date,
): ApplicationTransition[] {
  if (!previous) {
    return [];
  }
  const before = new Map(applicationsOf(previous).map(a => [key(a), a]));
  const transitions: ApplicationTransition[] = [];
  for (const app of applicationsOf(next)) {
    if (app.error) {
      continue;
    }
    const to = { sync: app.sync, health: app.health };
    const earlier = before.get(key(app));
    const from = earlier ? stateOf(earlier) ?? null : null;
    if (from && from.sync === to.sync && from.health === to.health) {
      continue;
    }
    transitions.push({
      source: app.source,
      namespace: app.namespace,
      name: app.name,
      ...(app.entityRef && { entityRef: app.entityRef }),
      wave: app.wave,
      from,
      to,
      at: at.toISOString(),
    });
  }
  return transitions;
}
