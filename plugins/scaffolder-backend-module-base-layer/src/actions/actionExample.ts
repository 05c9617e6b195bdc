import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** How the documented examples name the step that runs each action. */
const EXAMPLE_STEPS = {
  'base:module:validate': { id: 'validate', name: 'Validate the module' },
  'base:manifests:create': { id: 'manifests', name: 'Manifests and overlays' },
  'base:application:create': { id: 'application', name: 'Argo CD Application' },
  'base:entity:create': { id: 'entity', name: 'Catalog entity' },
  'base:access:create': { id: 'access', name: 'IRSA role and Vault access' },
  'base:pull-request:describe': {
    id: 'describe',
    name: 'Describe the pull request',
  },
  'base:module:rollback': { id: 'rollback', name: 'Roll back the module' },
  'base:module:update': { id: 'update', name: 'Change the module' },
  'base:module:promote': { id: 'promote', name: "Promote dev's image to prod" },
  'base:module:retire': { id: 'retire', name: 'Retire the module' },
};

/** The new module most examples create. */
export const EXAMPLE_MODULE = {
  name: 'data-lineage',
  description: 'Tracks the lineage of every dataset',
  owner: 'group:default/data-platform',
  wave: 3,
  environments: ['aws', 'dev', 'prod'],
};

/** The GitOps repository of the examples. */
export const EXAMPLE_REPO_URL =
  'github.com?owner=vsem-svoim&repo=base-app-layer';

/**
 * The documented examples of an action, by description: each is a template
 * whose one step runs the action with the given input.
 */
export function actionExamples(
  action: keyof typeof EXAMPLE_STEPS,
  inputs: Record<string, Record<string, unknown>>,
): TemplateExample[] {
  const { id, name } = EXAMPLE_STEPS[action];
  return Object.entries(inputs).map(([description, input]) => ({
    description,
    example: yaml.stringify({ steps: [{ id, action, name, input }] }),
  }));
}
