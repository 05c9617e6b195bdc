import { grafanaTags, ModuleLinkBuilder } from './ModuleLinkBuilder';

describe('ModuleLinkBuilder', () => {
  const builder = new ModuleLinkBuilder({
    dev: {
      argocd: 'https://argocd.dev.example.com',
      airflow: 'https://airflow.dev.example.com',
    },
    prod: { grafana: 'https://grafana.example.com' },
  });

  it('builds links per environment from base URLs and annotations', () => {
    const links = builder.build({
      annotations: {
        'base-layer.io/airflow-dag-ids': 'ingest_daily, ingest_hourly',
        'grafana/dashboard-selector': "tags @> 'data-ingestion'",
        'base-layer.io/mlflow-experiment': 'no-mlflow-configured',
      },
      applications: ['data-ingestion'],
    });
    expect(links.map(l => [l.environment, l.tool, l.url])).toEqual([
      [
        'dev',
        'argocd',
        'https://argocd.dev.example.com/applications/data-ingestion',
      ],
      [
        'dev',
        'airflow',
        'https://airflow.dev.example.com/dags/ingest_daily/grid',
      ],
      [
        'dev',
        'airflow',
        'https://airflow.dev.example.com/dags/ingest_hourly/grid',
      ],
      [
        'prod',
        'grafana',
        'https://grafana.example.com/dashboards?tag=data-ingestion',
      ],
    ]);
  });

  it('keeps annotation values inside the configured host', () => {
    const links = builder.build({
      annotations: {
        'base-layer.io/airflow-dag-ids':
          '../../evil.example.com/x,javascript:alert(1)',
      },
      applications: ['//evil.example.com'],
      environments: ['dev'],
    });
    for (const link of links) {
      expect(new URL(link.url).host).toMatch(/\.dev\.example\.com$/);
      expect(link.url).toMatch(/^https:/);
    }
    expect(links.map(l => l.url)).toContain(
      'https://airflow.dev.example.com/dags/..%2F..%2Fevil.example.com%2Fx/grid',
    );
  });

  it('reads Grafana selectors', () => {
    expect(grafanaTags("(tags @> 'a' || tags @> 'b') && tags @> 'c'")).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(grafanaTags('data-quality')).toEqual(['data-quality']);
    expect(grafanaTags('tags @> nothing quoted')).toEqual([]);
  });
});
