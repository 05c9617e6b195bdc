import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { moduleEntity } from '../../__testUtils__/fixtures';
import { scaffolderTemplateRouteRef } from '../../routes';
import { RollbackButton } from './RollbackButton';

const formDataOf = (href: string) =>
  JSON.parse(new URL(href, 'http://localhost').searchParams.get('formData')!);

describe('RollbackButton', () => {
  it("links to the rollback template's page with the entity prefilled", async () => {
    await renderInTestApp(
      <EntityProvider entity={moduleEntity}>
        <RollbackButton />
      </EntityProvider>,
      {
        mountedRoutes: {
          '/create/templates/:namespace/:templateName':
            scaffolderTemplateRouteRef,
        },
      },
    );
    const link = screen.getByRole('button', { name: 'Roll back' });
    const href = link.getAttribute('href')!;
    expect(href.split('?')[0]).toBe(
      '/create/templates/default/rollback-base-module',
    );
    expect(formDataOf(href)).toEqual({
      entity: 'component:default/data-ingestion',
    });
  });

  it('prefills a revision when given one', async () => {
    await renderInTestApp(
      <EntityProvider entity={moduleEntity}>
        <RollbackButton revision="4f2a9c1" />
      </EntityProvider>,
      {
        mountedRoutes: {
          '/create/templates/:namespace/:templateName':
            scaffolderTemplateRouteRef,
        },
      },
    );
    const href = screen
      .getByRole('button', { name: 'Roll back' })
      .getAttribute('href')!;
    expect(formDataOf(href)).toEqual({
      entity: 'component:default/data-ingestion',
      revision: '4f2a9c1',
    });
  });

  it('is not shown in an app without a scaffolder', async () => {
    await renderInTestApp(
      <EntityProvider entity={moduleEntity}>
        <RollbackButton />
      </EntityProvider>,
    );
    expect(screen.queryByText('Roll back')).not.toBeInTheDocument();
  });
});
