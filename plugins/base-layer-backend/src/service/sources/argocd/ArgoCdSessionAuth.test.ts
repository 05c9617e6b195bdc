import { mockServices } from '@backstage/backend-test-utils';
import { platformApplications } from '../../../testUtils/applications';
import { ArgoCdApplicationActions } from '../../actions/ArgoCdApplicationActions';
import { ArgoCdRevisionReader } from '../../revisions/ArgoCdRevisionReader';
import { ArgoCdApiSource } from './ArgoCdApiSource';
import {
  LoopbackArgoCd,
  startLoopbackArgoCd,
} from '../../../testUtils/loopbackArgoCd';
import { ArgoCdSessionAuth } from './ArgoCdSessionAuth';

const expiryOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp *
  1000;

describe('ArgoCdSessionAuth', () => {
  let argocd: LoopbackArgoCd;
  let clock: number;

  beforeEach(async () => {
    argocd = await startLoopbackArgoCd({
      applications: platformApplications,
      sessionTtlSeconds: 3600,
    });
    clock = Date.now();
  });
  afterEach(() => argocd.stop());

  const create = () =>
    new ArgoCdSessionAuth({
      baseUrl: argocd.url,
      target: "Argo CD 'argocd'",
      credentials: { username: argocd.username, password: argocd.password },
      timeoutMs: 2000,
      now: () => clock,
    });

  const list = (token: string) =>
    fetch(`${argocd.url}/api/v1/applications`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('keeps the session token until a minute before it expires, then logs in again while it is still valid', async () => {
    const auth = create();
    const first = await auth.getToken();
    const expiresAt = expiryOf(first);
    expect(expiresAt - clock).toBeGreaterThan(3590_000);

    clock = expiresAt - 61_000;
    expect(await auth.getToken()).toBe(first);
    expect(argocd.requests.session).toBe(1);

    clock = expiresAt - 59_000;
    const renewed = await auth.getToken();
    expect(renewed).not.toBe(first);
    expect(argocd.requests.session).toBe(2);
    expect(expiryOf(renewed)).toBeGreaterThanOrEqual(expiresAt);
    expect((await list(renewed)).status).toBe(200);
  });

  it('shares one renewal between concurrent callers', async () => {
    const auth = create();
    const first = await auth.getToken();
    clock = expiryOf(first) - 30_000;
    const tokens = await Promise.all(
      Array.from({ length: 5 }, () => auth.getToken()),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first);
    expect(argocd.requests.session).toBe(2);
  });

  it('logs in again after invalidate, as when Argo CD rejected the token', async () => {
    const auth = create();
    const first = await auth.getToken();
    argocd.revokeSessions();
    expect((await list(first)).status).toBe(401);
    auth.invalidate();
    const next = await auth.getToken();
    expect(next).not.toBe(first);
    expect((await list(next)).status).toBe(200);
  });

  it('never logs in with a static API token', async () => {
    const auth = new ArgoCdSessionAuth({
      baseUrl: argocd.url,
      target: "Argo CD 'argocd'",
      credentials: { token: argocd.token },
      timeoutMs: 2000,
    });
    expect(await auth.getToken()).toBe(argocd.token);
    expect(auth.canRenew).toBe(false);
    expect(argocd.requests.session).toBe(0);
  });
});

describe('the Argo CD clients, when their session token is revoked', () => {
  let argocd: LoopbackArgoCd;
  beforeEach(async () => {
    argocd = await startLoopbackArgoCd({ applications: platformApplications });
  });
  afterEach(() => argocd.stop());

  const options = () => ({
    name: 'argocd',
    baseUrl: argocd.url,
    credentials: { username: argocd.username, password: argocd.password },
    timeoutMs: 2000,
  });
  const vault = {
    name: 'vault',
    namespace: 'argocd',
    source: 'argocd',
    sources: [],
  };

  it.each<[string, () => () => Promise<unknown>]>([
    [
      'the status source',
      () => {
        const source = new ArgoCdApiSource({
          ...options(),
          logger: mockServices.logger.mock(),
        });
        return () => source.read();
      },
    ],
    [
      'the revision reader',
      () => {
        const reader = new ArgoCdRevisionReader(options());
        return () => reader.read(vault);
      },
    ],
    [
      'the rollout actions',
      () => {
        const actions = new ArgoCdApplicationActions(options());
        return () => actions.refresh(vault);
      },
    ],
  ])('%s logs in once more and succeeds', async (_, create) => {
    const call = create();
    await call();
    expect(argocd.requests.session).toBe(1);
    argocd.revokeSessions();
    await expect(call()).resolves.toBeDefined();
    expect(argocd.requests.session).toBe(2);
  });
});
