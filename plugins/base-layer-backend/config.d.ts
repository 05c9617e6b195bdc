import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * Configuration of the base-layer backend plugin (the wave and health
   * engine). The wave plan itself, `baseLayer.waves`, is declared by
   * `@internal/plugin-base-layer-common`.
   */
  baseLayer?: {
    /**
     * How often every source is re-read and the wave status recomputed, for
     * example `30s` or `{ seconds: 30 }`, once per interval across all
     * replicas. Kubernetes watches also trigger a recomputation as soon as an
     * Application changes. Data read longer ago than three intervals (and at
     * least one interval plus one read timeout) is served as stale. Default:
     * 30 seconds.
     */
    refreshInterval?: HumanDuration | string;

    /**
     * Timeout of every upstream call: Kubernetes lists, Argo CD REST calls,
     * tool health probes. Default: 5 seconds.
     */
    requestTimeout?: HumanDuration | string;

    /**
     * How often the catalog entities carrying BASE layer or Argo CD
     * annotations are re-read. Default: 1 minute.
     */
    catalogRefreshInterval?: HumanDuration | string;

    /** Where Argo CD Applications are read from. */
    sources?: {
      /**
       * Kubernetes clusters whose `argoproj.io/v1alpha1` Application
       * resources are listed once, then watched.
       */
      kubernetes?: Array<{
        /** Unique name of the source, shown in the UI, for example `base-layer`. */
        name: string;
        /** Base URL of the cluster's API server. */
        url: string;
        /**
         * Bearer token of a service account allowed to list and watch
         * `applications.argoproj.io` in `namespace`.
         * @visibility secret
         */
        token: string;
        /** Base64 PEM of the API server's certificate authority. */
        caData?: string;
        /** Skips TLS verification of the API server. Only for development clusters. */
        skipTLSVerify?: boolean;
        /** Namespace holding the Applications. Default: `argocd`. */
        namespace?: string;
        /**
         * How often the full list is re-read to repair a watch that missed
         * events. Default: 10 minutes.
         */
        resyncInterval?: HumanDuration | string;
      }>;

      /**
       * Argo CD instances read through their REST API: one
       * `GET /api/v1/applications` per refresh.
       */
      argocd?: Array<{
        /** Unique name of the source, matched by the `argocd/instance-name` annotation. */
        name: string;
        /** Base URL of the Argo CD server, for example `https://argocd.example.com`. */
        url: string;
        /**
         * API token of an Argo CD account with read access to applications.
         * Takes precedence over `username` and `password`.
         * @visibility secret
         */
        token?: string;
        /** Account used for a session login when no `token` is given. */
        username?: string;
        /**
         * Password of `username`. The session token is cached until it
         * expires; the plugin never logs in per request.
         * @visibility secret
         */
        password?: string;
      }>;

      /**
       * Snapshot files of Argo CD Applications, as printed by
       * `kubectl get applications -A -o yaml` (or `-o json`). Read on every
       * refresh and watched, so an edit shows without a restart. For offline
       * or air-gapped review, and for the local demo.
       */
      snapshots?: Array<{
        /** Unique name of the source, shown in the UI, for example `demo`. */
        name: string;
        /**
         * The snapshot files: YAML or JSON, each a `List` of Applications, one
         * Application, or several YAML documents. Relative paths resolve
         * against the backend's working directory, `packages/backend` under
         * `yarn dev`, hence `../../examples/argocd-applications.yaml`.
         */
        paths: string[];
      }>;
    };

    /**
     * Base URLs of the platform tools, per environment (`dev`, `staging`,
     * `prod`). Used for module links and health probes. The backend only ever
     * calls the hosts given here. A tool left out reports `not-configured`.
     */
    tools?: {
      [environment: string]: {
        /** MLflow base URL; probed at `/health`. */
        mlflow?: string;
        /** Airflow webserver base URL; probed at `/api/v1/health`. */
        airflow?: string;
        /** Grafana base URL; probed at `/api/health`. */
        grafana?: string;
        /** Argo CD UI base URL; probed at `/healthz`. */
        argocd?: string;
        /**
         * Whether this environment's health probes accept any TLS
         * certificate. Only for a local `kubectl port-forward` to Argo CD,
         * whose certificate is self-signed; never in production.
         */
        skipTLSVerify?: boolean;
      };
    };

    /** How long tool health probe answers are cached. Default: 1 minute. */
    toolHealthCacheTtl?: HumanDuration | string;

    /** Wave state transition history. */
    history?: {
      /** How long transitions are kept before being pruned. Default: 30 days. */
      retention?: HumanDuration | string;
    };
  };
}
