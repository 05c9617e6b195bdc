import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  ClusterAccess,
  createClusterClient,
  requestTimeout,
} from '../sources/kubernetes/kubeClient';
import {
  ActionApplication,
  ApplicationActions,
  gitSourcePositions,
  operationInfo,
  SyncOptions,
} from './ApplicationActions';
import { UpstreamCallError } from './errors';
import { toUpstreamCallError } from './toUpstreamCallError';

/** The annotation Argo CD's controller watches to refresh an Application. */
export const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';

/**
 * Refreshes and syncs Applications on one cluster, as kubectl would: a
 * merge patch of the refresh annotation, or of the Application's `operation`
 * field, which Argo CD's controller then carries out. A sync first reads the
 * Application and refuses while an operation is pending, as Argo CD does.
 */
export class KubernetesApplicationActions implements ApplicationActions {
  readonly source: string;
  private readonly api: CustomObjectsApi;
  private readonly target: string;

  constructor(
    private readonly options: ClusterAccess & {
      /** Namespace of Applications whose status names none. */
      namespace: string;
      timeoutMs: number;
    },
  ) {
    this.source = options.name;
    this.target = `Kubernetes cluster '${options.name}'`;
    this.api = createClusterClient(options).api;
  }

  refresh(app: ActionApplication): Promise<number> {
    return this.patch(app, {
      metadata: { annotations: { [REFRESH_ANNOTATION]: 'normal' } },
    });
  }

  async sync(app: ActionApplication, options: SyncOptions): Promise<number> {
    const positions = gitSourcePositions(app);
    let revision = {};
    if (options.revision !== undefined) {
      // One revision per source: Helm charts keep their version.
      revision = positions
        ? {
            revisions: app.sources.map((s, i) =>
              positions.includes(i + 1)
                ? options.revision!
                : s.targetRevision ?? '',
            ),
          }
        : { revision: options.revision };
    }
    // As Argo CD's API server does: one operation at a time. The patch
    // names the version read, so an operation set in between fails it (409).
    const current = await this.get(app);
    if (current.operation) {
      throw new UpstreamCallError(
        `another operation is already in progress on application '${app.name}'`,
        409,
      );
    }
    return this.patch(app, {
      metadata: { resourceVersion: current.metadata?.resourceVersion },
      operation: {
        initiatedBy: { username: options.initiatedBy },
        info: operationInfo(options.initiatedBy),
        sync: {
          ...revision,
          prune: options.prune ?? false,
          syncStrategy: { hook: {} },
        },
      },
    });
  }

  private async get(app: ActionApplication): Promise<{
    metadata?: { resourceVersion?: string };
    operation?: unknown;
  }> {
    try {
      return await this.api.getNamespacedCustomObject(
        {
          group: 'argoproj.io',
          version: 'v1alpha1',
          plural: 'applications',
          namespace: app.namespace || this.options.namespace,
          name: app.name,
        },
        requestTimeout(this.options.timeoutMs),
      );
    } catch (error) {
      throw toUpstreamCallError(error, {
        target: this.target,
        timeoutMs: this.options.timeoutMs,
      });
    }
  }

  private async patch(app: ActionApplication, body: object): Promise<number> {
    try {
      await this.api.patchNamespacedCustomObject(
        {
          group: 'argoproj.io',
          version: 'v1alpha1',
          plural: 'applications',
          namespace: app.namespace || this.options.namespace,
          name: app.name,
          body,
        },
        setHeaderOptions(
          'Content-Type',
          PatchStrategy.MergePatch,
          requestTimeout(this.options.timeoutMs),
        ),
      );
      return 200;
    } catch (error) {
      throw toUpstreamCallError(error, {
        target: this.target,
        timeoutMs: this.options.timeoutMs,
      });
    }
  }
}
