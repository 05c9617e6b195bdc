export interface Config {
  baseLayer?: {
    /**
     * The platform's roles, each mapped to the catalog entities (groups, or
     * single users) whose members hold it. A signed-in user holds a role when
     * any of its ownership references (itself and the groups it belongs to)
     * is listed here.
     */
    roles?: {
      /** Everything, including forced syncs. */
      admin?: string[];
      /** Deploy and monitor: run templates, register and refresh entities. */
      developer?: string[];
      /** ML services and data: read only. */
      'data-scientist'?: string[];
    };
  };
}
