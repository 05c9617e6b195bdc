import { CustomObjectsApi } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import { toUpstreamError } from '../http/upstream';
import {
  ClusterAccess,
  createClusterClient,
  requestTimeout,
} from '../sources/kubernetes/kubeClient';
import { parseApplicationHistory } from './applicationHistory';
import { HistoryApplication, RevisionReader } from './RevisionReader';

/**
 * Reads an Application resource from one cluster. It lists the namespace with
 * a `metadata.name` field selector rather than getting the object, so the
 * `list` the engine's watch already needs is the only permission it uses.
 */
export class KubernetesRevisionReader implements RevisionReader {
  readonly source: string;
  private readonly api: CustomObjectsApi;
  private readonly target: string;

  constructor(private readonly options: ClusterAccess & { timeoutMs: number }) {
    this.source = options.name;
    this.target = `Kubernetes cluster '${options.name}'`;
    this.api = createClusterClient(options).api;
  }

  async read(app: HistoryApplication) {
    let list: { items?: unknown[] };
    try {
      list = await this.api.listNamespacedCustomObject(
        {
          group: 'argoproj.io',
          version: 'v1alpha1',
          namespace: app.namespace,
          plural: 'applications',
          fieldSelector: `metadata.name=${app.name}`,
        },
        requestTimeout(this.options.timeoutMs),
      );
    } catch (error) {
      throw toUpstreamError(error, {
        target: this.target,
        timeoutMs: this.options.timeoutMs,
      });
    }
    const found = (list.items ?? []).find(
      item =>
        (item as { metadata?: { name?: string } })?.metadata?.name === app.name,
    );
    if (!found) {
      throw new NotFoundError(
        `${this.target} has no Application ${app.namespace}/${app.name}`,
      );
    }
    return parseApplicationHistory(found, this.target);
  }
}
