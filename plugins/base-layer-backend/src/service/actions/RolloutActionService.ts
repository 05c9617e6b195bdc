import {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ActionResponse,
  ApplicationActionResult,
  ApplicationStatus,
  ApplicationSyncRequest,
  applicationsToSync,
  baseLayerApplicationRefreshPermission,
  baseLayerApplicationSyncPermission,
  baseLayerWaveForcePermission,
  baseLayerWaveSyncPermission,
  findWaveGate,
  WaveSyncRequest,
} from '@internal/plugin-base-layer-common';
import { WaveHistoryStore } from '../history/WaveHistoryStore';
import { WaveStatusDocument } from '../waves/WaveStatusDocument';
import { ActionApplication } from './ApplicationActions';
import { ApplicationActionTargets } from './createApplicationActions';
import {
  ActionDeniedError,
  RolloutActionFailedError,
  UpstreamCallError,
  WaveGateError,
} from './errors';
import { mapWithConcurrency } from './mapWithConcurrency';

/** Upstream requests one action keeps in flight at most. */
export const MAX_IN_FLIGHT = 5;

/** What is asked: an action on an entity's applications or on a wave. */
export type RolloutActionRequest =
  | { action: 'refresh'; entityRef: string }
  | { action: 'sync'; entityRef: string; options: ApplicationSyncRequest }
  | { action: 'sync'; waveId: number; options: WaveSyncRequest };

/** Where the service reads the applications and waves from. */
export interface WaveStatusReader {
  getStatus(): Promise<WaveStatusDocument>;
  /** Re-reads the given sources; never rejects. */
  refresh(only?: string[]): Promise<void>;
}

export interface RolloutActionServiceOptions {
  waves: WaveStatusReader;
  targets: ApplicationActionTargets;
  permissions: PermissionsService;
  logger: LoggerService;
  /** Default {@link MAX_IN_FLIGHT}. */
  maxInFlight?: number;
  /**
   * Where the syncs and refreshes the portal started are recorded, beside
   * the observed changes of the same applications (the module's history).
   */
  history?: Pick<WaveHistoryStore, 'recordApplicationTransitions'>;
}

/** An application an action is about, before it is acted on. */
export type ActionTarget = Omit<
  ApplicationActionResult,
  'result' | 'upstreamStatus' | 'message'
>;

const toResult = (app: ApplicationStatus): ActionTarget => ({
  name: app.name,
  namespace: app.namespace,
  source: app.source,
  ...(app.entityRef && { entityRef: app.entityRef }),
  wave: app.wave,
});

/**
 * Refreshes and syncs applications of the rollout, in this order of checks,
 * each refusing before any upstream call:
 *
 * 1. the entity has applications, the wave exists (404);
 * 2. the user holds the action's permission on every entity acted on, and
 *    `base-layer.wave.force` when forcing (403, naming the entities);
 * 3. no application comes from a read-only source (409);
 * 4. for a sync, every earlier wave is Healthy, unless forced (409 with the
 *    blocking wave and its causes).
 *
 * Then one request per application, at most {@link MAX_IN_FLIGHT} in
 * flight; any failure answers 502 with every application's result.
 */
export class RolloutActionService {
  private readonly maxInFlight: number;

  constructor(private readonly options: RolloutActionServiceOptions) {
    this.maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  }

  /**
   * Runs one action for the user behind `credentials`.
   *
   * @param onApplications - told which applications the action is about as
   * soon as they are known, so that a refused action is audited with them.
   */
  async run(
    request: RolloutActionRequest,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    onApplications?: (apps: ActionTarget[]) => void,
  ): Promise<ActionResponse> {
    const status = await this.options.waves.getStatus();
    const apps =
      'waveId' in request
        ? this.waveApplications(status, request.waveId)
        : this.entityApplications(status, request.entityRef);
    onApplications?.(apps.map(toResult));
    const force = request.action === 'sync' && request.options.force === true;

    await this.authorize(request, apps, credentials, force);
    this.assertWritable(apps);
    if (request.action === 'sync' && !force) {
      this.assertGateOpen(status, apps);
    }

    const results = await this.act(request, apps, credentials);
    await this.record(request, apps, results, credentials, force);
    if (apps.length > 0) {
      // Pick up what Argo CD did without waiting for the next refresh.
      void this.options.waves.refresh([...new Set(apps.map(a => a.source))]);
    }
    const target =
      'waveId' in request
        ? { waveId: request.waveId }
        : { entityRef: request.entityRef };
    const failed = results.filter(r => r.result === 'failed');
    this.options.logger.info('BASE layer rollout action', {
      action: request.action,
      target: JSON.stringify(target),
      force,
      applications: results.length,
      failed: failed.length,
    });
    if (failed.length > 0) {
      throw new RolloutActionFailedError(
        `${request.action} failed for ${failed.length} of ${
          results.length
        } applications: ${failed
          .map(r => `${r.name} (${r.message})`)
          .join('; ')}`,
        results,
      );
    }
    return { action: request.action, target, force, results };
  }

  private entityApplications(
    status: WaveStatusDocument,
    entityRef: string,
  ): ApplicationStatus[] {
    const ref = entityRef.toLocaleLowerCase('en-US');
    const apps = [
      ...status.waves.flatMap(w => w.applications),
      ...status.unassigned,
    ].filter(a => a.entityRef?.toLocaleLowerCase('en-US') === ref);
    if (apps.length === 0) {
      throw new NotFoundError(
        `Entity ${entityRef} has no Argo CD applications in the BASE layer status`,
      );
    }
    return apps;
  }

  /** The applications of the wave that are not Synced and Healthy. */
  private waveApplications(
    status: WaveStatusDocument,
    waveId: number,
  ): ApplicationStatus[] {
    const wave = status.waves.find(w => w.id === waveId);
    if (!wave) {
      throw new NotFoundError(
        `Wave ${waveId} is not declared in baseLayer.waves and no application names it`,
      );
    }
    return applicationsToSync(wave);
  }

  private async authorize(
    request: RolloutActionRequest,
    apps: ApplicationStatus[],
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    force: boolean,
  ): Promise<void> {
    const { permissions } = this.options;
    let permission: ResourcePermission<'catalog-entity'>;
    if (request.action === 'refresh') {
      permission = baseLayerApplicationRefreshPermission;
    } else if ('waveId' in request) {
      permission = baseLayerWaveSyncPermission;
    } else {
      permission = baseLayerApplicationSyncPermission;
    }
    const refs =
      'entityRef' in request
        ? [request.entityRef]
        : [...new Set(apps.flatMap(a => (a.entityRef ? [a.entityRef] : [])))];
    const denied: string[] = [];
    if (refs.length > 0) {
      const decisions = await permissions.authorize(
        refs.map(resourceRef => ({ permission, resourceRef })),
        { credentials },
      );
      refs.forEach((ref, i) => {
        if (decisions[i].result !== AuthorizeResult.ALLOW) {
          denied.push(ref);
        }
      });
    }
    const unowned = apps.filter(a => !a.entityRef);
    if (unowned.length > 0) {
      // No entity to own them: only an unconditional grant covers them.
      const [decision] = await permissions.authorizeConditional(
        [{ permission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        denied.push(...unowned.map(a => `application ${a.source}/${a.name}`));
      }
    }
    if (denied.length > 0) {
      throw new ActionDeniedError(
        `Not allowed to ${permission.name} on ${denied.join(', ')}`,
        denied,
      );
    }
    if (force) {
      const [decision] = await permissions.authorize(
        [{ permission: baseLayerWaveForcePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new ActionDeniedError(
          `Not allowed to force a sync past the wave gate (${baseLayerWaveForcePermission.name})`,
          [],
        );
      }
    }
  }

  private assertWritable(apps: ApplicationStatus[]): void {
    const { writable, readOnly } = this.options.targets;
    const app = apps.find(a => !writable.has(a.source));
    if (app) {
      throw new ConflictError(
        readOnly.has(app.source)
          ? `read-only source ${app.source}: application ${app.name} is read from a snapshot and cannot be acted on`
          : `read-only source ${app.source}: no Argo CD instance or cluster of that name is configured`,
      );
    }
  }

  private assertGateOpen(
    status: WaveStatusDocument,
    apps: ApplicationStatus[],
  ): void {
    const waves = [
      ...new Set(apps.flatMap(a => (a.wave === null ? [] : [a.wave]))),
    ].sort((a, b) => a - b);
    for (const wave of waves) {
      const gate = findWaveGate(status.waves, wave);
      if (gate) {
        throw new WaveGateError(gate);
      }
    }
  }

  /** Records each application the upstream accepted the action for. */
  private async record(
    request: RolloutActionRequest,
    apps: ApplicationStatus[],
    results: ApplicationActionResult[],
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    force: boolean,
  ): Promise<void> {
    const at = new Date().toISOString();
    const accepted = apps.filter((_, i) => results[i].result === 'ok');
    try {
      await this.options.history?.recordApplicationTransitions(
        accepted.map(app => ({
          source: app.source,
          namespace: app.namespace,
          name: app.name,
          ...(app.entityRef && { entityRef: app.entityRef }),
          wave: app.wave,
          from: { sync: app.sync, health: app.health },
          to: { sync: app.sync, health: app.health },
          requested: {
            action: request.action,
            by: credentials.principal.userEntityRef,
            ...(force && { force: true }),
          },
          at,
        })),
      );
    } catch (error) {
      this.options.logger.warn('Recording a rollout action in history failed', {
        error: String(error),
      });
    }
  }

  private act(
    request: RolloutActionRequest,
    apps: ApplicationStatus[],
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<ApplicationActionResult[]> {
    const initiatedBy = credentials.principal.userEntityRef;
    const { writable } = this.options.targets;
    return mapWithConcurrency(apps, this.maxInFlight, async app => {
      const actions = writable.get(app.source)!;
      const target: ActionApplication = app;
      try {
        const upstreamStatus =
          request.action === 'refresh'
            ? await actions.refresh(target)
            : await actions.sync(target, {
                revision:
                  'revision' in request.options
                    ? request.options.revision
                    : undefined,
                prune: request.options.prune,
                initiatedBy,
              });
        return { ...toResult(app), result: 'ok' as const, upstreamStatus };
      } catch (error) {
        const failure =
          error instanceof UpstreamCallError
            ? error
            : new UpstreamCallError(String(error));
        return {
          ...toResult(app),
          result: 'failed' as const,
          ...(failure.upstreamStatus !== undefined && {
            upstreamStatus: failure.upstreamStatus,
          }),
          message: failure.message,
        };
      }
    });
  }
}
