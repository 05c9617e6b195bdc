import { Content, Header, Page } from '@backstage/core-components';
import { WavesOverview } from '../WavesOverview';

/**
 * Props of the Waves page, {@link BaseLayerPage}.
 *
 * @public
 */
export interface WavesPageProps {
  /** Reload interval in milliseconds; 0 turns auto-refresh off. */
  refreshIntervalMs?: number;
}

/** The Waves page: the platform's deployment waves in rollout order. */
export const WavesPage = ({ refreshIntervalMs }: WavesPageProps) => (
  <Page themeId="tool">
    <Header
      title="Waves"
      subtitle="Argo CD rollout of the data platform, wave by wave"
    />
    <Content>
      <WavesOverview refreshIntervalMs={refreshIntervalMs} />
    </Content>
  </Page>
);
