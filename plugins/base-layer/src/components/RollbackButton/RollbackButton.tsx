import { stringifyEntityRef } from '@backstage/catalog-model';
import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import HistoryIcon from '@material-ui/icons/History';
import { scaffolderTemplateRouteRef } from '../../routes';

/** The scaffolder template that rolls a BASE module back, templates/rollback-base-module. @public */
export const ROLLBACK_TEMPLATE = {
  namespace: 'default',
  templateName: 'rollback-base-module',
};

/** Props of {@link RollbackButton}. @public */
export interface RollbackButtonProps {
  /** A revision to prefill; the user picks one otherwise. */
  revision?: string;
}

/**
 * Opens the "Roll back BASE module" template for the entity on the page,
 * with the entity (and a revision, when given) prefilled through the
 * scaffolder's `formData` query parameter. The rollback is a pull request
 * against the GitOps repo: a live patch would be reverted by selfHeal.
 *
 * @public
 */
export const RollbackButton = ({ revision }: RollbackButtonProps) => {
  const { entity } = useEntity();
  const templateRoute = useRouteRef(scaffolderTemplateRouteRef);
  if (!templateRoute) {
    return null;
  }
  const formData = {
    entity: stringifyEntityRef(entity),
    ...(revision && { revision }),
  };
  const query = new URLSearchParams({ formData: JSON.stringify(formData) });
  return (
    <LinkButton
      to={`${templateRoute(ROLLBACK_TEMPLATE)}?${query}`}
      variant="outlined"
      size="small"
      startIcon={<HistoryIcon />}
      title="Open a pull request that points the Argo CD Application at an earlier revision"
    >
      Roll back
    </LinkButton>
  );
};
