import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route ref of the Waves page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'base-layer' });
