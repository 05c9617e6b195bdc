import type { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import type { Service } from 'kubernetes-models/v1/Service';
import type { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';

/** The typed, validating Kubernetes model classes the actions build manifests with. */
export interface KubernetesModels {
  Deployment: typeof Deployment;
  Service: typeof Service;
  ServiceAccount: typeof ServiceAccount;
  ConfigMap: typeof ConfigMap;
  HorizontalPodAutoscaler: typeof HorizontalPodAutoscaler;
  Application: typeof Application;
}

let models: Promise<KubernetesModels> | undefined;

/**
 * Loads the model classes once. kubernetes-models v5 and
 * @kubernetes-models/argo-cd are published as ES modules only, so a CommonJS
 * backend reaches them through a dynamic import; importing single classes
 * rather than the group indexes keeps startup and the first run fast.
 */
export function loadKubernetesModels(): Promise<KubernetesModels> {
  models ??= Promise.all([
    import('kubernetes-models/apps/v1/Deployment'),
    import('kubernetes-models/v1/Service'),
    import('kubernetes-models/v1/ServiceAccount'),
    import('kubernetes-models/v1/ConfigMap'),
    import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'),
    import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application'),
  ]).then(([apps, service, serviceAccount, configMap, hpa, argo]) => ({
    Deployment: apps.Deployment,
    Service: service.Service,
    ServiceAccount: serviceAccount.ServiceAccount,
    ConfigMap: configMap.ConfigMap,
    HorizontalPodAutoscaler: hpa.HorizontalPodAutoscaler,
    Application: argo.Application,
  }));
  return models;
}
