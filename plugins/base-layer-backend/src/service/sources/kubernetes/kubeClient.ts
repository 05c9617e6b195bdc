import { Config } from '@backstage/config';
import {
  ConfigurationOptions,
  CustomObjectsApi,
  KubeConfig,
  Observable,
  ObservableMiddleware,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node';

/** Where one cluster is and how to reach it. */
export interface ClusterAccess {
  name: string;
  url: string;
  token: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

/** How to reach the cluster of one `baseLayer.sources.kubernetes` entry. */
export function readClusterAccess(config: Config): ClusterAccess {
  return {
    name: config.getString('name'),
    url: config.getString('url'),
    token: config.getString('token'),
    caData: config.getOptionalString('caData'),
    skipTLSVerify: config.getOptionalBoolean('skipTLSVerify'),
  };
}

/** A client configuration for one cluster, and its custom objects API. */
export function createClusterClient(cluster: ClusterAccess): {
  kubeConfig: KubeConfig;
  api: CustomObjectsApi;
} {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify ?? false,
      },
    ],
    users: [{ name: cluster.name, token: cluster.token }],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: cluster.name },
    ],
    currentContext: cluster.name,
  });
  return { kubeConfig, api: kubeConfig.makeApiClient(CustomObjectsApi) };
}

/** Per-request options that abort the call after `timeoutMs`. */
export function requestTimeout(
  timeoutMs: number,
): ConfigurationOptions<ObservableMiddleware> {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          return new Observable(Promise.resolve(context));
        },
        post: (response: ResponseContext) =>
          new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}
