import { Entity } from '@backstage/catalog-model';
import { AlertApiForwarder } from '@backstage/core-app-api';
import { AlertDisplay } from '@backstage/core-components';
import { alertApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactNode } from 'react';
import { SWRConfig } from 'swr';
import { BaseLayerApi, baseLayerApiRef } from '../api';
import { moduleEntity } from './fixtures';

/** What the permission policy answers, per permission name; default: allow. */
export type PermissionDecisions = Record<
  string,
  AuthorizeResult.ALLOW | AuthorizeResult.DENY
>;

/**
 * The permission and alert APIs of one test: its own policy, its own
 * snackbar queue, and a permission cache (usePermission's SWR) of its own, so
 * no decision or message leaks from one test into the next.
 */
export function TestActionApis({
  decisions = {},
  children,
}: {
  decisions?: PermissionDecisions;
  children: ReactNode;
}) {
  const permissionApi = mockApis.permission({
    authorize: request =>
      decisions[request.permission.name] ?? AuthorizeResult.ALLOW,
  });
  return (
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [permissionApiRef, permissionApi],
          [alertApiRef, new AlertApiForwarder()],
        ]}
      >
        <AlertDisplay />
        {children}
      </TestApiProvider>
    </SWRConfig>
  );
}

/**
 * Renders an entity card for the data-ingestion module against a stubbed
 * backend and a permission policy that allows everything not in `decisions`,
 * with the app's snackbar (AlertDisplay) beside it.
 */
export function renderEntityCard(
  card: JSX.Element,
  api: Partial<BaseLayerApi>,
  entity: Entity = moduleEntity,
  decisions: PermissionDecisions = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[baseLayerApiRef, api]]}>
      <TestActionApis decisions={decisions}>
        <EntityProvider entity={entity}>{card}</EntityProvider>
      </TestActionApis>
    </TestApiProvider>,
  );
}
