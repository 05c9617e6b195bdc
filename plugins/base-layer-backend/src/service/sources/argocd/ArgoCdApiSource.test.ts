import { mockServices } from '@backstage/backend-test-utils';
import {
  buildApplication,
  platformApplications,
} from '../../../testUtils/applications';
import {
  LoopbackArgoCd,
  startLoopbackArgoCd,
} from '../../../testUtils/loopbackArgoCd';
import { applicationsWithOneInvalid } from '../../../__testUtils__/invalidApplication';
import { toApplicationStatus } from '../../model/toApplicationStatus';
import { ArgoCdApiSource } from './ArgoCdApiSource';

describe('ArgoCdApiSource', () => {
  let argocd: LoopbackArgoCd;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    argocd = await startLoopbackArgoCd({ applications: platformApplications });
  });
  afterEach(() => argocd.stop());

  const source = (
    credentials: 'token' | 'session' = 'session',
    timeoutMs = 2000,
  ) =>
    new ArgoCdApiSource({
      name: 'argocd',
      baseUrl: argocd.url,
      credentials:
        credentials === 'token'
          ? { token: argocd.token }
          : { username: argocd.username, password: argocd.password },
      timeoutMs,
      logger,
      retryBaseDelayMs: 5,
    });

  it('reads every application with one list call and the fields projection', async () => {
    const result = await source('token').read();
    expect(result.problems).toEqual([]);
    expect(result.applications.map(a => a.metadata.name)).toEqual(
      platformApplications.map(a => a.metadata.name),
    );
    const ingestion = result.applications.find(
      a => a.metadata.name === 'data-ingestion',
    )!;
    expect(ingestion.spec?.sources).toHaveLength(2);
    // The projection leaves out what the engine does not read.
    expect(
      (ingestion.status as Record<string, unknown>).resources,
    ).toBeUndefined();
    expect(
      result.applications.find(a => a.metadata.name === 'platform-ui')!.metadata
        .namespace,
    ).toBe('argocd-apps');
    expect(argocd.requests).toEqual({ list: 1, get: 0, session: 0 });
  });

  it('asks for the deletionTimestamp: an application being deleted reads Deleting', async () => {
    argocd.setApplications([
      buildApplication({ name: 'vault', wave: 0 }),
      buildApplication({
        name: 'kafka',
        wave: 1,
        deletionTimestamp: '2026-11-21T11:00:00Z',
      }),
    ]);
    const result = await source('token').read();
    const statuses = result.applications.map(app =>
      toApplicationStatus(app, 'argocd'),
    );
    expect(statuses.map(s => [s.name, s.health, s.deleting ?? false])).toEqual([
      ['vault', 'Healthy', false],
      ['kafka', 'Deleting', true],
    ]);
  });

  it('logs in once and reuses the session token across reads', async () => {
    const reader = source('session');
    await Promise.all([reader.read(), reader.read()]);
    await reader.read();
    expect(argocd.requests.session).toBe(1);
    expect(argocd.requests.list).toBe(3);
  });

  it('logs in again once when the session token is rejected', async () => {
    const reader = source('session');
    await reader.read();
    argocd.revokeSessions();
    await expect(reader.read()).resolves.toBeDefined();
    expect(argocd.requests.session).toBe(2);
  });

  it('reports a rejected static token without retrying', async () => {
    const reader = new ArgoCdApiSource({
      name: 'argocd',
      baseUrl: argocd.url,
      credentials: { token: 'wrong' },
      timeoutMs: 2000,
      logger,
    });
    await expect(reader.read()).rejects.toThrow(
      "Argo CD 'argocd' answered 401 Unauthorized",
    );
    expect(argocd.requests.list).toBe(0);
  });

  it('retries a 500 with backoff, then gives up with the status', async () => {
    argocd.setFailure({ kind: 'status', status: 500 });
    await expect(source('token').read()).rejects.toThrow(
      "Argo CD 'argocd' answered 500 Internal Server Error",
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Argo CD list failed, retrying',
      expect.objectContaining({ source: 'argocd', attempt: 1 }),
    );
  });

  it('recovers when a retry succeeds', async () => {
    logger.warn.mockClear();
    // Two 503s, then the third and last attempt is served.
    argocd.setFailure({ kind: 'status', status: 503 }, { times: 2 });
    const result = await source('token').read();
    expect(result.applications.map(a => a.metadata.name)).toEqual(
      platformApplications.map(a => a.metadata.name),
    );
    expect(argocd.requests.list).toBe(1);
    expect(
      logger.warn.mock.calls
        .filter(([message]) => message === 'Argo CD list failed, retrying')
        .map(([, meta]) => (meta as { attempt: number }).attempt),
    ).toEqual([1, 2]);
  });

  it('times out a server that is too slow', async () => {
    argocd.setFailure({ kind: 'slow', delayMs: 1000 });
    await expect(source('token', 100).read()).rejects.toThrow(
      "Argo CD 'argocd' did not answer within 100 ms",
    );
  });

  it('rejects malformed JSON', async () => {
    argocd.setFailure({ kind: 'malformed' });
    await expect(source('token').read()).rejects.toThrow(
      "Argo CD 'argocd' returned malformed JSON",
    );
  });

  it('reports a server that is down', async () => {
    const reader = source('token');
    await argocd.stop();
    await expect(reader.read()).rejects.toThrow(
      "Argo CD 'argocd' is unreachable: ECONNREFUSED",
    );
  });

  it('treats items: null as no applications and reports nameless items', async () => {
    argocd.setApplications([]);
    await expect(source('token').read()).resolves.toEqual({
      applications: [],
      problems: [],
    });
    const nameless = buildApplication({ name: 'x' });
    nameless.metadata.name = '';
    argocd.setApplications([nameless, buildApplication({ name: 'vault' })]);
    const result = await source('token').read();
    expect(result.applications).toHaveLength(1);
    expect(result.problems).toEqual([
      { location: 'items[0]', message: 'Application without metadata.name' },
    ]);
  });

  it('reports an invalid application at its position and keeps the others', async () => {
    const { applications, validNames, problem } = applicationsWithOneInvalid();
    argocd.setApplications(applications);
    const result = await source('token').read();
    expect(result.applications.map(a => a.metadata.name)).toEqual(validNames);
    expect(result.problems).toEqual([problem]);
  });
});
