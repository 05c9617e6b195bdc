import { RevisionsResponse } from '@internal/plugin-base-layer-common';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BaseLayerApi, baseLayerApiRef } from '../../api';
import { BaseModuleRevisionPicker } from './BaseModuleRevisionPicker';

const NOW = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const BEFORE = '0f1e2d3c4b5a69788796a5b4c3d2e1f001234567';
const OLDEST = '9999999aaaaaaabbbbbbbcccccccdddddddeeeee';

const revisions: RevisionsResponse = {
  applications: [
    {
      name: 'data-ingestion',
      source: 'argocd',
      current: NOW,
      history: [
        { id: 3, revision: NOW, deployedAt: '2026-11-21T10:01:30Z' },
        { id: 2, revision: BEFORE, deployedAt: '2026-11-20T10:01:30Z' },
        { id: 1, revision: OLDEST, deployedAt: '2026-11-19T10:01:30Z' },
      ],
    },
  ],
};

async function renderPicker(
  options: { formData?: string; entity?: string } = {},
) {
  const getRevisions = jest.fn(async () => revisions);
  const onChange = jest.fn();
  const props = {
    formData: options.formData,
    onChange,
    required: true,
    rawErrors: [],
    schema: { title: 'Revision', type: 'string' },
    uiSchema: { 'ui:options': { entityField: 'entity' } },
    formContext: { formData: { entity: options.entity } },
    idSchema: { $id: 'root_revision' },
  } as any;
  await renderInTestApp(
    <TestApiProvider
      apis={[[baseLayerApiRef, { getRevisions } as Partial<BaseLayerApi>]]}
    >
      <BaseModuleRevisionPicker {...props} />
    </TestApiProvider>,
  );
  return { getRevisions, onChange };
}

describe('BaseModuleRevisionPicker', () => {
  it("lists the chosen module's Argo CD history newest first, marking what runs now", async () => {
    const { getRevisions, onChange } = await renderPicker({
      entity: 'component:default/data-ingestion',
    });
    const radios = await screen.findAllByRole('radio');
    expect(getRevisions).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'data-ingestion',
    });
    expect(radios.map(r => (r as HTMLInputElement).value)).toEqual([
      NOW,
      BEFORE,
      OLDEST,
    ]);
    const labels = screen.getAllByText(/^deployed /).map(e => e.textContent);
    expect(labels).toEqual([
      expect.stringMatching(
        /^deployed 2026-11-21T10:01:30Z \(.+ ago\) · deployed now$/,
      ),
      expect.stringMatching(/^deployed 2026-11-20T10:01:30Z \(.+ ago\)$/),
      expect.stringMatching(/^deployed 2026-11-19T10:01:30Z \(.+ ago\)$/),
    ]);
    expect(screen.getByText('0f1e2d3')).toBeInTheDocument();

    await userEvent.click(screen.getByText('0f1e2d3'));
    expect(onChange).toHaveBeenCalledWith(BEFORE);
  });

  it('keeps a prefilled revision selected', async () => {
    await renderPicker({
      entity: 'component:default/data-ingestion',
      formData: BEFORE,
    });
    await screen.findAllByRole('radio');
    const group = screen.getByRole('radiogroup', { name: 'Revision' });
    const checked = within(group)
      .getAllByRole('radio')
      .filter(r => (r as HTMLInputElement).checked);
    expect(checked.map(r => (r as HTMLInputElement).value)).toEqual([BEFORE]);
  });

  it('keeps a prefilled revision that is not in the history, saying so', async () => {
    await renderPicker({
      entity: 'component:default/data-ingestion',
      formData: 'v1.4.2',
    });
    expect(
      await screen.findByLabelText(
        'v1.4.2 (given in the link; not in the Argo CD history)',
      ),
    ).toBeChecked();
  });

  it('asks for the module first, reading nothing', async () => {
    const { getRevisions } = await renderPicker();
    expect(
      screen.getByText('Choose the BASE module first.'),
    ).toBeInTheDocument();
    expect(getRevisions).not.toHaveBeenCalled();
  });
});
