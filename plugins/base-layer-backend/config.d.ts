export interface Config {
  /** Configuration of the base-layer backend plugin. */
  baseLayer?: {};
}
