import { parseSnapshot } from './parseSnapshot';
import {
  application,
  listJson,
  listYaml,
} from '../../../__testUtils__/kubectlExports';

const names = (text: string) =>
  parseSnapshot(text, 'snap.yaml').entries.map(
    e => e.application.metadata.name,
  );

describe('parseSnapshot', () => {
  it('reads the output of kubectl get applications -A -o yaml', () => {
    const result = parseSnapshot(
      listYaml([application('vault'), application('monitoring', { wave: 1 })]),
      'snap.yaml',
    );

    expect(result.problems).toEqual([]);
    expect(result.entries.map(e => e.application)).toEqual([
      application('vault'),
      application('monitoring', { wave: 1 }),
    ]);
  });

  it('reads the output of kubectl get applications -A -o json', () => {
    const result = parseSnapshot(
      listJson([application('vault'), application('monitoring', { wave: 1 })]),
      'snap.json',
    );

    expect(result.problems).toEqual([]);
    expect(result.entries.map(e => e.application.metadata.name)).toEqual([
      'vault',
      'monitoring',
    ]);
  });

  it('gives each object its position in the file', () => {
    const result = parseSnapshot(
      listJson([application('vault'), application('monitoring')]),
      'snap.json',
    );

    expect(result.entries.map(e => e.location)).toEqual([
      'snap.json:5:9 (items[0])',
      expect.stringMatching(/^snap\.json:\d+:9 \(items\[1\]\)$/),
    ]);
  });

  it('reads a single Application and an ApplicationList', () => {
    expect(names(JSON.stringify(application('vault')))).toEqual(['vault']);
    expect(
      names(
        JSON.stringify({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ApplicationList',
          items: [application('vault')],
        }),
      ),
    ).toEqual(['vault']);
  });

  it('reads multi-document YAML, ignoring empty documents', () => {
    const text = [
      listYaml([application('vault')]),
      '---\n',
      listYaml([application('logging'), application('tracing')]),
      '---\n',
    ].join('');

    const result = parseSnapshot(text, 'snap.yaml');

    expect(result.problems).toEqual([]);
    expect(result.entries.map(e => e.application.metadata.name)).toEqual([
      'vault',
      'logging',
      'tracing',
    ]);
    expect(result.entries[1].location).toMatch(
      /^snap\.yaml:\d+:5 \(document 2, items\[0\]\)$/,
    );
  });

  it('treats null fields, as kubectl -o json prints them, as absent', () => {
    const app = {
      ...application('vault'),
      metadata: { name: 'vault', creationTimestamp: null, labels: null },
    };

    const result = parseSnapshot(JSON.stringify(app), 'snap.json');

    expect(result.problems).toEqual([]);
    expect(result.entries[0].application.metadata).toEqual({ name: 'vault' });
  });

  it('reports broken YAML with file, line and column, and keeps the other documents', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: vault',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: argoproj.io/v1alpha1',
      '    kind: Application',
      '    metadata: {name: logging',
      '',
    ].join('\n');

    const result = parseSnapshot(text, 'snap.yaml');

    expect(result.entries.map(e => e.application.metadata.name)).toEqual([
      'vault',
    ]);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toEqual({
      location: expect.stringMatching(/^snap\.yaml:1[12]:\d+$/),
      message: expect.stringMatching(
        /^Not valid YAML or JSON, document 2 skipped: /,
      ),
    });
  });

  it('reports broken JSON with its position', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n';

    const result = parseSnapshot(text, 'snap.json');

    expect(result.entries).toEqual([]);
    expect(result.problems[0].location).toMatch(/^snap\.json:\d+:\d+$/);
    expect(result.problems[0].message).toMatch(
      /^Not valid YAML or JSON, file skipped: /,
    );
  });

  it('reports an object that is not an Application with its item index and kind', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'vault-agent-injector' },
    };
    const text = listYaml([application('vault'), deployment]);

    const result = parseSnapshot(text, 'snap.yaml');

    expect(result.entries.map(e => e.application.metadata.name)).toEqual([
      'vault',
    ]);
    const line = text.split('\n').indexOf('  - apiVersion: apps/v1') + 1;
    expect(result.problems).toEqual([
      {
        location: `snap.yaml:${line}:5 (items[1])`,
        message:
          'Deployment "vault-agent-injector" (apps/v1) is not an Argo CD Application (argoproj.io/v1alpha1 Application); skipped',
      },
    ]);
  });

  it('reports an Application without a name', () => {
    const nameless = application('x');
    const { name: _, ...metadata } = nameless.metadata;
    const text = listYaml([{ ...nameless, metadata }, application('vault')]);

    const result = parseSnapshot(text, 'snap.yaml');

    expect(result.entries.map(e => e.application.metadata.name)).toEqual([
      'vault',
    ]);
    expect(result.problems).toEqual([
      {
        location: 'snap.yaml:4:5 (items[0])',
        message: 'Invalid Application: metadata.name is required; skipped',
      },
    ]);
  });

  it('names every invalid field of an Application', () => {
    const app = application('vault') as any;
    app.metadata.labels = { 'base-layer.io/wave': 0 };
    app.spec.sources = [{ path: 'data_ingestion' }];

    const result = parseSnapshot(JSON.stringify(app), 'snap.json');

    expect(result.problems).toEqual([
      {
        location: 'snap.json:1:1',
        message:
          'Invalid Application "vault": metadata.labels.base-layer.io/wave must be a string; spec.sources[0].repoURL is required; skipped',
      },
    ]);
  });

  it('reports an empty file and a List without items', () => {
    for (const empty of ['', '# nothing yet\n', '---\n']) {
      expect(parseSnapshot(empty, 'snap.yaml').problems).toEqual([
        { location: 'snap.yaml', message: 'The file is empty' },
      ]);
    }
    expect(
      parseSnapshot('apiVersion: v1\nkind: List\n', 'snap.yaml').problems,
    ).toEqual([
      {
        location: 'snap.yaml:1:1',
        message: 'A List must have an "items" array',
      },
    ]);
  });
});
