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
