import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { baseLayerApiRef } from '../../api';

type WaveRow = { id: number; name: string };

const columns: TableColumn<WaveRow>[] = [
  { title: 'Wave', field: 'id', width: '10%' },
  { title: 'Name', field: 'name' },
];

/** The BASE layer page: the platform's deployment waves in rollout order. */
export const WavesPage = () => {
  const api = useApi(baseLayerApiRef);
  const { value, loading, error } = useAsync(() => api.getWaves(), [api]);

  return (
    <Page themeId="tool">
      <Header
        title="BASE layer"
        subtitle="Deployment waves of the data platform"
      />
      <Content>
        <ContentHeader title="Waves" />
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Table<WaveRow>
            options={{ paging: false, search: false }}
            columns={columns}
            data={value.waves.map(w => ({ id: w.id, name: w.name }))}
          />
        )}
      </Content>
    </Page>
  );
};
