/*
 * Loopback stand-ins for what cannot run here: the platform-services cluster's
 * Kubernetes API, the base-layer cluster's (its BASE modules' workloads, for
 * the Kubernetes tab), the Argo CD API, the tools' health endpoints and
 * Vault's OIDC provider (a real issuer, @internal/oidc-test-issuer). They speak
 * the real APIs (see @internal/plugin-base-layer-backend/testUtils) and serve
 * the Applications of the committed snapshot, examples/argocd-applications.yaml,
 * or E2E_GENERATED_APPS generated ones for the benchmark.
 *
 * Writes an app-config file that points the portal at them and prints
 * `{"config": "<path>", "control": "<url>"}` on stdout, then runs until
 * SIGTERM. The tests break and heal a server through the control URL:
 * `PUT <control>/<server>/failure` with a LoopbackFailure as JSON body, or
 * `DELETE` to heal (servers: kubernetes, argocd, workloads). For rollout
 * actions: `GET <control>/<server>/actions` lists the refresh and sync
 * requests a server got and `DELETE` forgets them, `PUT
 * <control>/<server>/sync-duration` with `{"ms": 4000}` keeps each sync's
 * operation Running that long (servers: kubernetes, argocd), and `PUT
 * <control>/kubernetes/applications/<name>/health` with
 * `{"status": "Healthy"}` sets the health of an Application of the cluster.
 * `GET <control>/workloads`
 * gives the URL and token of the base-layer cluster behind the Kubernetes tab,
 * `GET <control>/github/pulls` the pull requests the loopback GitOps repo got
 * (which holds each BASE module's Application, manifests and overlays).
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs e2e/loopbacks.ts
 */
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify, parse } from 'yaml';
import { startOidcTestIssuer } from '@internal/oidc-test-issuer';
import {
  buildModuleWorkloads,
  generateApplications,
  startLoopbackArgoCd,
  startLoopbackKubernetes,
  startLoopbackKubernetesWorkloads,
  startLoopbackTool,
  withRevisionHistory,
} from '@internal/plugin-base-layer-backend/testUtils';
import { LoopbackGithub } from '../plugins/scaffolder-backend-module-base-layer/src/__testUtils__/loopbackGithub';
import { moduleFiles } from '../plugins/scaffolder-backend-module-base-layer/src/__testUtils__/moduleFixtures';
import { moduleRepoLayout } from '../plugins/scaffolder-backend-module-base-layer/src/lib/moduleFiles';

type Application = Parameters<
  typeof startLoopbackKubernetes
>[0]['applications'][number];

const root = resolve(__dirname, '..');

function loadApplications(): Application[] {
  const generated = Number(process.env.E2E_GENERATED_APPS ?? 0);
  if (generated > 0) {
    return generateApplications(generated);
  }
  const file = join(root, 'examples/argocd-applications.yaml');
  return (parse(readFileSync(file, 'utf8')) as { items: Application[] }).items;
}

const wave = (app: Application) =>
  Number(app.metadata.labels?.['base-layer.io/wave'] ?? 0);

/**
 * Applications of no wave, beside the snapshot's (whose counts per wave the
 * tests assert): a copy of `template` without wave label or annotation, and
 * one whose label is not a wave number. Neither matches a catalog entity.
 */
function strayApplications(template: Application): Application[] {
  const stray = (name: string, labels: Record<string, string>) => {
    const annotations = { ...template.metadata.annotations };
    delete annotations['argocd.argoproj.io/sync-wave'];
    return {
      ...template,
      metadata: {
        ...template.metadata,
        name,
        uid: `stray-${name}`,
        annotations,
        labels,
      },
    } as Application;
  };
  return [
    stray('scratch-notebook', {}),
    stray('wave-label-typo', { 'base-layer.io/wave': 'three' }),
  ];
}

async function main() {
  const applications = loadApplications();
  // The platform's shared services (waves 0-2) are read through the
  // platform-services cluster's Kubernetes API, everything from wave 3 on
  // through the Argo CD REST API: both of the engine's live sources at once.
  const strays =
    applications.length > 0 ? strayApplications(applications[0]) : [];
  const cluster = await startLoopbackKubernetes({
    applications: [...applications.filter(a => wave(a) <= 2), ...strays],
  });
  // Each deployed four times, for the rollback template's revision picker.
  const argocd = await startLoopbackArgoCd({
    applications: applications
      .filter(a => wave(a) >= 3)
      .map(a => withRevisionHistory(a)),
  });
  // The GitOps repo the rollback template opens its pull request against,
  // holding each BASE module's Argo CD Application file.
  const github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {});
  await github.start();
  const cloneUrl = `https://${github.host}/vsem-svoim/base-app-layer.git`;
  github.push(
    Object.fromEntries(
      applications
        .filter(a => wave(a) === 3)
        .map(({ apiVersion, kind, metadata, spec }) => [
          `argocd/applications/base-layer/${metadata.name}-aws.yaml`,
          stringify({
            apiVersion,
            kind,
            metadata: { name: metadata.name, namespace: metadata.namespace },
            spec: JSON.parse(
              JSON.stringify(spec).replaceAll(
                'https://github.com/vsem-svoim/base-app-layer.git',
                cloneUrl,
              ),
            ),
          }),
        ]),
    ),
  );
  // Each BASE module's manifests, entity, kustomize base and overlays (dev
  // on a newer image than prod), IRSA role and Vault files, for the update,
  // promote and retire templates; the Application stays the snapshot's.
  github.push(
    Object.fromEntries(
      applications
        .filter(a => wave(a) === 3)
        .flatMap(a =>
          Object.entries(
            moduleFiles(a.metadata.name, { devTag: '1.5.0', prodTag: '1.4.2' }),
          ).filter(
            ([file]) => file !== moduleRepoLayout(a.metadata.name).application,
          ),
        ),
    ),
    'BASE module files',
  );
  // The base-layer cluster behind the Kubernetes tab: every BASE module
  // (wave 3) runs its Deployment, ReplicaSet and pods there.
  const workloads = await startLoopbackKubernetesWorkloads({
    objects: applications
      .filter(a => wave(a) === 3)
      .flatMap(a => buildModuleWorkloads(a.metadata.name)),
  });
  const devTools = await startLoopbackTool();
  const prodTools = await startLoopbackTool();
  // prod's tools answer 503, so module pages show a tool that is down.
  prodTools.setFailure({ kind: 'status', status: 503 });

  // Other ports than yarn dev's, so a benchmark can run beside it.
  const appPort = process.env.E2E_APP_PORT;
  const backendPort = process.env.E2E_BACKEND_PORT;
  const appBaseUrl = appPort && `http://localhost:${appPort}`;
  const backendBaseUrl = backendPort && `http://localhost:${backendPort}`;

  // Vault's OIDC provider. Alice's email is her catalog email; Vault knows
  // Bob by another one, so he signs in by his login. Any other login name is
  // a user the catalog does not know.
  const oidc = await startOidcTestIssuer({
    redirectUris: [
      `${
        backendBaseUrl || 'http://localhost:7007'
      }/api/auth/oidc/handler/frame`,
    ],
    users: [
      {
        login: 'alice',
        email: 'alice@data-platform.example',
        name: 'Alice Admin',
      },
      { login: 'bob', email: 'bob@vault.example', name: 'Bob Developer' },
      {
        login: 'carol',
        email: 'carol@data-platform.example',
        name: 'Carol Scientist',
      },
    ],
  });

  const config = {
    app: {
      ...(appBaseUrl && { baseUrl: appBaseUrl }),
      // Guest for the other tests, Vault for e2e/tests/sign-in.test.mjs.
      signIn: { providers: ['guest', 'oidc'] },
      // Roadie's Argo CD cards are on: the proxy below reaches an Argo CD.
      // Listed extensions come first on the entity page, in this order.
      extensions: [
        { 'entity-card:base-layer/health': true },
        { 'entity-card:base-layer/links': true },
        { 'entity-card:base-layer/history': true },
        { 'entity-card:argocd/overviewCard': true },
        { 'entity-card:argocd/historyCard': true },
        { 'entity-content:argocd/ArgoCdPage': true },
      ],
    },
    ...(backendBaseUrl && {
      backend: {
        baseUrl: backendBaseUrl,
        listen: { port: Number(backendPort) },
        reading: { allow: [{ host: `localhost:${backendPort}` }] },
        ...(appBaseUrl && { cors: { origin: appBaseUrl } }),
      },
    }),
    // Sign-in through the loopback OIDC issuer, configured as in
    // app-config.production.yaml (auth environment: development here).
    auth: {
      session: { secret: 'e2e-session-secret' },
      providers: {
        oidc: {
          development: {
            metadataUrl: oidc.metadataUrl,
            clientId: oidc.clientId,
            clientSecret: oidc.clientSecret,
            prompt: 'auto',
            signIn: {
              resolvers: [
                { resolver: 'emailMatchingUserEntityProfileEmail' },
                { resolver: 'preferredUsernameMatchingUserEntityName' },
              ],
            },
          },
        },
      },
    },
    // Scaffolder dry runs never reach GitHub, but publish:github:pull-request
    // builds its client before it checks for a dry run, so it needs a token.
    integrations: {
      github: [
        { host: 'github.com', token: 'dry-run-placeholder' },
        { host: github.host, apiBaseUrl: github.apiBaseUrl, token: 'loopback' },
      ],
    },
    proxy: {
      endpoints: {
        '/argocd/api': {
          target: `${argocd.url}/api/v1/`,
          changeOrigin: true,
          // Reads only, as in app-config.production.yaml.
          allowedMethods: ['GET'],
          headers: { Authorization: `Bearer ${argocd.token}` },
        },
      },
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'base-layer',
              url: workloads.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: workloads.token,
            },
          ],
        },
      ],
    },
    baseLayer: {
      refreshInterval: { seconds: 5 },
      // The guest stays admin for the other tests; Vault users get the roles
      // of their catalog groups, as in app-config.production.yaml.
      roles: {
        admin: ['user:development/guest', 'group:default/admin'],
        developer: ['group:default/developer'],
        'data-scientist': ['group:default/data-scientist'],
      },
      scaffolder: {
        gitops: {
          repoUrl: `${github.host}?owner=vsem-svoim&repo=base-app-layer`,
        },
      },
      sources: {
        snapshots: [],
        kubernetes: [
          {
            name: 'platform-services',
            url: cluster.url,
            token: cluster.token,
            skipTLSVerify: true,
            namespace: 'argocd',
          },
        ],
        argocd: [{ name: 'argocd', url: argocd.url, token: argocd.token }],
      },
      tools: {
        dev: {
          mlflow: devTools.url,
          airflow: devTools.url,
          grafana: devTools.url,
          argocd: devTools.url,
        },
        prod: {
          mlflow: prodTools.url,
          airflow: prodTools.url,
          grafana: prodTools.url,
          argocd: prodTools.url,
        },
      },
    },
  };
  const servers: Record<string, { setFailure: typeof argocd.setFailure }> = {
    kubernetes: cluster,
    argocd,
    workloads,
  };
  const actionServers: Record<string, { actions: typeof argocd.actions }> = {
    kubernetes: cluster,
    argocd,
  };
  // The cluster's Applications as last set, to change one field of one.
  const clusterApplications = new Map(
    applications.filter(a => wave(a) <= 2).map(a => [a.metadata.name, a]),
  );
  /** As the snapshot has them: setting the snapshot's health back restores its message too. */
  const snapshotApplications = new Map(clusterApplications);
  /** The rollout-action routes; false for any other request. */
  const handleActionControl = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: string,
  ): boolean => {
    const health = /^\/kubernetes\/applications\/([^/]+)\/health$/.exec(
      req.url ?? '',
    );
    const app =
      health && clusterApplications.get(decodeURIComponent(health[1]));
    if (req.method === 'PUT' && app) {
      const requested = JSON.parse(body);
      const original = snapshotApplications.get(app.metadata.name)?.status
        ?.health;
      const next = {
        ...app,
        status: {
          ...app.status,
          health:
            requested.status === original?.status &&
            requested.message === undefined
              ? original
              : requested,
        },
      } as Application;
      clusterApplications.set(app.metadata.name, next);
      cluster.upsert(next);
      res.writeHead(204).end();
      return true;
    }
    const match = /^\/(\w+)\/(actions|sync-duration)$/.exec(req.url ?? '');
    const server = match && actionServers[match[1]];
    if (!server) {
      return false;
    }
    if (match[2] === 'sync-duration' && req.method === 'PUT') {
      server.actions.setSyncDuration(JSON.parse(body).ms);
    } else if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ requests: server.actions.requests }));
      return true;
    } else if (req.method === 'DELETE') {
      server.actions.reset();
    } else {
      return false;
    }
    res.writeHead(204).end();
    return true;
  };
  const control = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/github/pulls') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(github.pullRequests));
      return;
    }
    if (req.method === 'GET' && req.url === '/workloads') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: workloads.url, token: workloads.token }));
      return;
    }
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      if (handleActionControl(req, res, body)) {
        return;
      }
      const match = /^\/(\w+)\/failure$/.exec(req.url ?? '');
      const server = match && servers[match[1]];
      if (!server) {
        res.writeHead(404).end();
        return;
      }
      server.setFailure(req.method === 'PUT' ? JSON.parse(body) : undefined);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>(done => control.listen(0, '127.0.0.1', done));
  const controlUrl = `http://127.0.0.1:${
    (control.address() as AddressInfo).port
  }`;

  const dir = mkdtempSync(join(tmpdir(), 'base-layer-e2e-'));
  const path = join(dir, 'app-config.loopback.yaml');
  writeFileSync(path, stringify(config));
  process.stdout.write(
    `${JSON.stringify({
      config: path,
      control: controlUrl,
      applications: applications.length,
    })}\n`,
  );

  const stop = async () => {
    control.close();
    await Promise.allSettled(
      [cluster, argocd, workloads, devTools, prodTools, oidc, github].map(s =>
        s.stop(),
      ),
    );
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
