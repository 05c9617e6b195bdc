import {
  ApplicationStatus,
  CauseChain,
  CauseEvidence,
  CauseLink,
} from '@internal/plugin-base-layer-common';

/** What the cause chains need to know of one catalog entity. */
export interface DependencyNode {
  ref: string;
  /** Refs of the entities it depends on. */
  dependsOn: string[];
  /**
   * Whether it is meant to be deployed by Argo CD (it names an application,
   * a selector or a wave), so having no application is a cause itself.
   */
  deployed: boolean;
}

/**
 * Looks an entity up: the node, `null` when the catalog has no such entity,
 * `undefined` when it is not known either way (it is then left out).
 */
export type DependencyLookup = (
  ref: string,
) => DependencyNode | null | undefined;

/** Root causes kept per application or wave: the shortest chain to each. */
const MAX_CHAINS = 10;

/**
 * Synced, Healthy, no operation under way and not being deleted: nothing to
 * wait on.
 */
export const isHealthy = (app: ApplicationStatus): boolean =>
  app.sync === 'Synced' &&
  app.health === 'Healthy' &&
  !app.deleting &&
  app.operationPhase !== 'Running' &&
  app.operationPhase !== 'Terminating';

function evidenceOf(app: ApplicationStatus): CauseEvidence {
  const condition = app.conditions[0];
  const message = condition?.message ?? app.message;
  return {
    sync: app.sync,
    health: app.health,
    ...(condition && { conditionType: condition.type }),
    ...(message && { message }),
    ...(app.operationPhase && { operationPhase: app.operationPhase }),
    ...(app.operationStartedAt && {
      operationStartedAt: app.operationStartedAt,
    }),
    ...(app.error && { sourceError: app.error }),
  };
}

function linkKey(link: CauseLink): string {
  return link.kind === 'application'
    ? `${link.kind}:${link.source}:${link.name}`
    : `${link.kind}:${link.entityRef}`;
}

/** One chain per root cause, the shortest first found, at most {@link MAX_CHAINS}. */
function byRoot(chains: CauseChain[]): CauseChain[] {
  const roots = new Map<string, CauseChain>();
  for (const chain of chains) {
    const key = linkKey(chain.links[chain.links.length - 1]);
    const kept = roots.get(key);
    if (!kept || chain.links.length < kept.links.length) {
      roots.set(key, chain);
    }
  }
  return [...roots.values()].slice(0, MAX_CHAINS);
}

/**
 * Derives why applications wait, from the catalog's `dependsOn` and the
 * applications' live state. A dependency is waited on while one of its
 * applications (in any source) is not Healthy; the chain follows that
 * dependency's own dependencies and ends at an application that waits on
 * nothing (Degraded, Progressing, OutOfSync…), one whose source is down
 * (Unknown), an entity with no application in any source, an entity missing
 * from the catalog, or a cycle. Each entity is walked once per instance
 * (memoized) with the entities on the current path kept, so a cycle is
 * reported and never followed.
 */
export class CauseChains {
  private readonly appsByEntity = new Map<string, ApplicationStatus[]>();
  private readonly memo = new Map<string, CauseChain[]>();
  private readonly path: string[] = [];

  constructor(
    applications: ApplicationStatus[],
    private readonly lookup: DependencyLookup,
  ) {
    for (const app of applications) {
      if (app.entityRef) {
        const apps = this.appsByEntity.get(app.entityRef);
        if (apps) {
          apps.push(app);
        } else {
          this.appsByEntity.set(app.entityRef, [app]);
        }
      }
    }
  }

  /** What the application waits on; empty when it is Healthy or waits on nothing. */
  forApplication(app: ApplicationStatus): CauseChain[] {
    return isHealthy(app) || !app.entityRef ? [] : this.ofEntity(app.entityRef);
  }

  /**
   * What a wave's applications wait on, whether or not they are Healthy
   * themselves: their next sync waits all the same.
   */
  forWave(apps: ApplicationStatus[]): CauseChain[] {
    const refs = new Set(apps.flatMap(a => (a.entityRef ? [a.entityRef] : [])));
    return byRoot([...refs].flatMap(ref => this.ofEntity(ref)));
  }

  /** The chains of everything the entity depends on. */
  private ofEntity(ref: string): CauseChain[] {
    const known = this.memo.get(ref);
    if (known) {
      return known;
    }
    const node = this.lookup(ref);
    if (!node) {
      return [];
    }
    this.path.push(ref);
    const chains = byRoot(node.dependsOn.flatMap(dep => this.through(dep)));
    this.path.pop();
    this.memo.set(ref, chains);
    return chains;
  }

  /** The chains that start at dependency `ref`. */
  private through(ref: string): CauseChain[] {
    const onPath = this.path.indexOf(ref);
    if (onPath >= 0) {
      const cycle = [...this.path.slice(onPath), ref];
      return [{ links: [{ kind: 'cycle', entityRef: ref, cycle }] }];
    }
    const node = this.lookup(ref);
    if (node === null) {
      return [{ links: [{ kind: 'missing-entity', entityRef: ref }] }];
    }
    if (node === undefined) {
      return [];
    }
    const apps = this.appsByEntity.get(ref) ?? [];
    if (apps.length === 0) {
      if (node.deployed) {
        return [{ links: [{ kind: 'not-deployed', entityRef: ref }] }];
      }
      return this.prefix({ kind: 'entity', entityRef: ref }, ref, false);
    }
    return apps
      .filter(app => !isHealthy(app))
      .flatMap(app =>
        this.prefix(
          {
            kind: 'application',
            entityRef: ref,
            source: app.source,
            name: app.name,
            evidence: evidenceOf(app),
          },
          ref,
          // Behind an unreachable source nothing is known of what it waits on.
          app.error === undefined,
        ),
      );
  }

  /** `link`, followed by what its entity waits on (when `follow`), else alone. */
  private prefix(link: CauseLink, ref: string, follow: boolean): CauseChain[] {
    const further = follow || link.kind === 'entity' ? this.ofEntity(ref) : [];
    if (further.length === 0) {
      // An entity without applications that waits on nothing is no cause.
      return link.kind === 'entity' ? [] : [{ links: [link] }];
    }
    return further.map(chain => ({ links: [link, ...chain.links] }));
  }
}
