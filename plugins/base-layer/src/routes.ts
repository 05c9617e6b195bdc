import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/**
 * Route ref of the Waves page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'base-layer' });

/**
 * Where the "Roll back" button leads: a scaffolder template's page. Bound to
 * the scaffolder's `selectedTemplate` route by default; without a scaffolder
 * the button is not shown.
 *
 * @public
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  id: 'base-layer-scaffolder-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
