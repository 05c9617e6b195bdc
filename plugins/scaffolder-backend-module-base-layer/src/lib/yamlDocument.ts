import yaml from 'yaml';

/** Serializes one YAML document the way every generated file is written. */
export function toYaml(document: unknown): string {
  return yaml.stringify(document, { lineWidth: 0 });
}

/**
 * Checks a kubernetes-models object against its schema and returns its plain
 * JSON, so a malformed manifest fails the step instead of reaching the repo.
 */
export function validated<T extends { validate(): void; toJSON(): unknown }>(
  model: T,
): unknown {
  model.validate();
  return model.toJSON();
}
