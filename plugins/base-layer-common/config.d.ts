export interface Config {
  /** Configuration shared by the BASE layer plugins. */
  baseLayer?: {
    /**
     * The deployment wave plan, in rollout order. Entities join a wave with the
     * `base-layer.io/wave` annotation; this list declares which waves exist and
     * their names. A wave may start only when every earlier wave is Synced and
     * Healthy.
     */
    waves?: Array<{
      /** Wave number, as used in the `base-layer.io/wave` annotation and Argo CD's sync-wave. */
      id: number;
      /** Human readable name, for example "Core services". */
      name: string;
    }>;
  };
}
