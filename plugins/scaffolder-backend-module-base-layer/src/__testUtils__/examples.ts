import yaml from 'yaml';
import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** The input of the first step of a documented example. */
export function exampleInput(example: string): any {
  return yaml.parse(example).steps[0].input;
}

/** The documented examples as `it.each` rows: description and step input. */
export function exampleCases(examples: TemplateExample[]): [string, any][] {
  return examples.map(e => [e.description, exampleInput(e.example)]);
}
