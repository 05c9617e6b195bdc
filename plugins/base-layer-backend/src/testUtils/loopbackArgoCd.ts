import { ArgoCdApplication } from '../service/sources/types';
import { createActionRecorder, LoopbackActionLog } from './loopbackActions';
import { createArgoCdActionHandler } from './loopbackArgoCdActions';
import {
  LoopbackServer,
  readBody,
  sendJson,
  startLoopbackServer,
} from './loopbackServer';

/**
 * Options of {@link startLoopbackArgoCd}.
 *
 * @public
 */
export interface LoopbackArgoCdOptions {
  applications: ArgoCdApplication[];
  /** A static API token accepted as bearer token. Default `loopback-argocd-token`. */
  token?: string;
  /** Account accepted by `POST /api/v1/session`. Default admin / `loopback-password`. */
  username?: string;
  password?: string;
  /** Lifetime of session tokens in seconds. Default one day. */
  sessionTtlSeconds?: number;
  /** Port on 127.0.0.1. Default: a random free port. */
  port?: number;
}

/**
 * A running loopback Argo CD, as {@link startLoopbackArgoCd} resolves it.
 *
 * @public
 */
export interface LoopbackArgoCd extends LoopbackServer {
  token: string;
  username: string;
  password: string;
  /** Requests served so far, by endpoint. */
  requests: { list: number; get: number; session: number };
  /** Requests received so far by HTTP method, whatever their path or token. */
  methods: Record<string, number>;
  setApplications(applications: ArgoCdApplication[]): void;
  /** Makes every session token issued so far invalid, as a restart with a new key does. */
  revokeSessions(): void;
  /**
   * Refresh (`GET /api/v1/applications/<name>?refresh=normal`) and sync
   * (`POST /api/v1/applications/<name>/sync`) requests: a sync runs the
   * operation (Running, then Succeeded), a refresh renews `reconciledAt`.
   */
  actions: LoopbackActionLog;
}

/** Applies Argo CD's `fields` projection (`items.metadata.name,...`) to a list. */
function project(items: ArgoCdApplication[], fields: string | null): unknown[] {
  if (!fields) {
    return items;
  }
  const paths = fields
    .split(',')
    .filter(f => f.startsWith('items.'))
    .map(f => f.slice('items.'.length).split('.'));
  return items.map(item => {
    const out: Record<string, unknown> = {};
    for (const path of paths) {
      let from: unknown = item;
      for (const part of path) {
        from = (from as Record<string, unknown> | undefined)?.[part];
      }
      if (from === undefined) {
        continue;
      }
      let to = out;
      path.slice(0, -1).forEach(part => {
        to[part] = (to[part] as Record<string, unknown>) ?? {};
        to = to[part] as Record<string, unknown>;
      });
      to[path[path.length - 1]] = from;
    }
    return out;
  });
}

function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.loopback`;
}

/**
 * A loopback Argo CD API server: `GET /api/v1/applications` (with the
 * `fields` projection), `GET /api/v1/applications/<name>` and
 * `POST /api/v1/session`, each requiring a bearer token.
 *
 * @example
 * ```ts
 * const argocd = await startLoopbackArgoCd({ applications: platformApplications });
 * // config: { name: 'argocd', url: argocd.url, username: argocd.username, password: argocd.password }
 * await argocd.stop();
 * ```
 *
 * @public
 */
export async function startLoopbackArgoCd(
  options: LoopbackArgoCdOptions,
): Promise<LoopbackArgoCd> {
  const token = options.token ?? 'loopback-argocd-token';
  const username = options.username ?? 'admin';
  const password = options.password ?? 'loopback-password';
  const ttl = options.sessionTtlSeconds ?? 24 * 3600;
  let applications = options.applications;
  let generation = 0;
  const sessions = new Set<string>();
  const requests = { list: 0, get: 0, session: 0 };
  const methods: Record<string, number> = {};
  const recorder = createActionRecorder();
  const handleAction = createArgoCdActionHandler(
    {
      get: () => applications,
      set: next => {
        applications = next;
      },
    },
    recorder,
  );

  const server = await startLoopbackServer(
    async (req, res, url) => {
      methods[String(req.method)] = (methods[String(req.method)] ?? 0) + 1;
      if (req.method === 'POST' && url.pathname === '/api/v1/session') {
        requests.session++;
        const body = JSON.parse((await readBody(req)) || '{}');
        if (body.username !== username || body.password !== password) {
          sendJson(res, 401, {
            error: 'Invalid username or password',
            code: 16,
          });
          return;
        }
        const session = jwt({
          sub: username,
          iss: 'argocd',
          exp: Math.floor(Date.now() / 1000) + ttl,
          jti: `${generation}-${requests.session}`,
        });
        sessions.add(session);
        sendJson(res, 200, { token: session });
        return;
      }
      const bearer = req.headers.authorization?.replace(/^Bearer /, '');
      if (!bearer || (bearer !== token && !sessions.has(bearer))) {
        sendJson(res, 401, {
          error: 'invalid session: token signature is invalid',
          code: 16,
          message: 'invalid session: token signature is invalid',
        });
        return;
      }
      if (await handleAction(req, res, url)) {
        return;
      }
      if (req.method === 'GET' && url.pathname === '/api/v1/applications') {
        requests.list++;
        sendJson(res, 200, {
          metadata: { resourceVersion: '5000' },
          items:
            applications.length === 0
              ? null
              : project(applications, url.searchParams.get('fields')),
        });
        return;
      }
      const metadata =
        /^\/api\/v1\/applications\/([^/]+)\/revisions\/([^/]+)\/metadata$/.exec(
          url.pathname,
        );
      if (req.method === 'GET' && metadata) {
        const app = applications.find(
          a => a.metadata.name === decodeURIComponent(metadata[1]),
        );
        const revision = decodeURIComponent(metadata[2]);
        const history = (app?.status?.history ?? []) as Array<{
          revision?: string;
          revisions?: string[];
          deployedAt?: string;
          deployStartedAt?: string;
        }>;
        const deployed = history.find(
          h => h.revision === revision || h.revisions?.includes(revision),
        );
        if (!app || !deployed) {
          sendJson(res, 404, {
            error: `revision ${revision} not found`,
            code: 5,
          });
          return;
        }
        // Argo CD's RevisionMetadata: the git commit behind a deployment.
        sendJson(res, 200, {
          author: 'Platform Bot <platform-bot@example.com>',
          date: deployed.deployStartedAt ?? deployed.deployedAt,
          message: `Deploy ${app.metadata.name} (${revision.slice(0, 7)})`,
        });
        return;
      }
      const single = /^\/api\/v1\/applications\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && single) {
        requests.get++;
        const app = applications.find(
          a => a.metadata.name === decodeURIComponent(single[1]),
        );
        if (!app) {
          sendJson(res, 404, {
            error: `applications.argoproj.io "${single[1]}" not found`,
            code: 5,
          });
          return;
        }
        sendJson(res, 200, app);
        return;
      }
      sendJson(res, 404, { error: 'Not Found', code: 5 });
    },
    { port: options.port },
  );

  return {
    ...server,
    token,
    username,
    password,
    requests,
    methods,
    setApplications(next) {
      applications = next;
    },
    revokeSessions() {
      generation++;
      sessions.clear();
    },
    actions: recorder.log,
  };
}
