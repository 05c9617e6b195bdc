import { Entity } from '@backstage/catalog-model';
import {
  findLinkDataProblems,
  isGrafanaDashboardSelector,
  isPlainIdentifier,
} from './linkData';
import { SCRIPT_URL } from './__testUtils__/hostileValues';

describe('isPlainIdentifier', () => {
  it.each([
    'data_ingestion_orchestrator',
    'data-ingestion',
    'platform-services/kustomize/base-layer/data-ingestion/overlays',
    'v1.2',
  ])('accepts %j', value => {
    expect(isPlainIdentifier(value)).toBe(true);
  });

  it.each([
    SCRIPT_URL,
    'data:text/html,hi',
    '../secrets',
    'a/../b',
    '//evil.example.com',
    '/absolute',
    'has space',
    '',
    'a//b',
  ])('rejects %j', value => {
    expect(isPlainIdentifier(value)).toBe(false);
  });
});

describe('isGrafanaDashboardSelector', () => {
  it.each([
    "tags @> 'data-ingestion'",
    "(tags @> 'my-service' || tags @> 'my-service-slo') && tags @> 'generated'",
    'title == "data-ingestion"',
    'data-ingestion',
  ])('accepts %j', value => {
    expect(isGrafanaDashboardSelector(value)).toBe(true);
  });

  it.each([
    `tags @> '${SCRIPT_URL}'`,
    SCRIPT_URL,
    "tags @> 'a' ; drop",
    '',
    "tags @> 'unterminated",
  ])('rejects %j', value => {
    expect(isGrafanaDashboardSelector(value)).toBe(false);
  });
});

describe('findLinkDataProblems', () => {
  const entity = (metadata: Partial<Entity['metadata']>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'data-ingestion', ...metadata },
    spec: {},
  });

  it('accepts the link data of a BASE module', () => {
    expect(
      findLinkDataProblems(
        entity({
          annotations: {
            'base-layer.io/airflow-dag-ids':
              'data_ingestion_orchestrator, data_ingestion_backfill',
            'base-layer.io/mlflow-experiment': 'data-ingestion',
            'base-layer.io/module-path': 'data_ingestion',
            'base-layer.io/overlay-path':
              'platform-services/kustomize/base-layer/data-ingestion/overlays',
            'argocd/app-name': 'data-ingestion',
            'grafana/dashboard-selector': "tags @> 'data-ingestion'",
          },
          links: [{ url: 'https://github.com/example/repo', title: 'Repo' }],
        }),
      ),
    ).toEqual([]);
  });

  it('accepts http(s) URLs in annotations that take identifiers or URLs', () => {
    expect(
      findLinkDataProblems(
        entity({
          annotations: {
            'base-layer.io/mlflow-experiment':
              'https://mlflow.example.com/#/experiments/3',
          },
        }),
      ),
    ).toEqual([]);
  });

  it('names every unsafe field', () => {
    expect(
      findLinkDataProblems(
        entity({
          annotations: {
            'base-layer.io/airflow-dag-ids': `ok_dag,${SCRIPT_URL}`,
            'base-layer.io/overlay-path': '../../etc',
            'grafana/dashboard-selector': SCRIPT_URL,
          },
          links: [{ url: 'https://fine.example.com' }, { url: SCRIPT_URL }],
        }),
      ).map(p => p.field),
    ).toEqual([
      'metadata.links[1].url',
      'metadata.annotations["base-layer.io/airflow-dag-ids"]',
      'metadata.annotations["base-layer.io/overlay-path"]',
      'metadata.annotations["grafana/dashboard-selector"]',
    ]);
  });

  it('rejects a plain identifier as a link url', () => {
    expect(
      findLinkDataProblems(entity({ links: [{ url: 'data-ingestion' }] })),
    ).toEqual([
      {
        field: 'metadata.links[0].url',
        value: 'data-ingestion',
        expected: 'an http(s) URL',
      },
    ]);
  });
});
