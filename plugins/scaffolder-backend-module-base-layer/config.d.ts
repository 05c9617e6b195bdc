export interface Config {
  /** Configuration shared by the BASE layer plugins. */
  baseLayer?: {
    /** Settings of the "Create BASE module" scaffolder actions. */
    scaffolder?: {
      /**
       * AWS account (12 digits) of the modules' IRSA roles. When set, a module
       * without an explicit `iamRoleArn` gets
       * `arn:aws:iam::<awsAccountId>:role/base-layer-<module>`.
       */
      awsAccountId?: string;
      /**
       * The OIDC issuer of the base-layer EKS cluster, as host and path
       * without `https://`, for example
       * `oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF`. The IRSA roles
       * the "Create BASE module" template writes trust this provider
       * (`arn:aws:iam::<awsAccountId>:oidc-provider/<oidcProvider>`) for the
       * module's service account only. Needed, with `awsAccountId`, when a
       * run asks for the IRSA role (`irsa`, on by default).
       */
      oidcProvider?: string;
      /** Argo CD project of generated Applications. Defaults to `base-layer`. */
      argocdProject?: string;
      /** Namespace Argo CD watches for Applications. Defaults to `argocd`. */
      argocdNamespace?: string;
      /** Argo CD cluster name the modules deploy to. Defaults to `base-layer`. */
      destinationCluster?: string;
      /**
       * The GitOps repository of the module Applications, which the "Roll
       * back BASE module" template changes. Its host must be one of
       * `integrations.github`.
       */
      gitops?: {
        /**
         * Scaffolder repo URL, `<host>?owner=<owner>&repo=<repo>`. Defaults to
         * `github.com?owner=vsem-svoim&repo=base-app-layer`.
         */
        repoUrl?: string;
        /** Branch Argo CD tracks and rollback pull requests target. Defaults to `main`. */
        branch?: string;
      };
    };
  };
}
