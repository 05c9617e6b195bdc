import { platformApplications } from './applications';
import { startLoopbackArgoCd } from './loopbackArgoCd';

describe('loopback sync operations', () => {
  it('stay Running for the configured sync duration, then Succeed', async () => {
    const argocd = await startLoopbackArgoCd({
      applications: platformApplications,
    });
    try {
      argocd.actions.setSyncDuration(300);
      const name = platformApplications[0].metadata.name;
      const headers = {
        authorization: `Bearer ${argocd.token}`,
        'content-type': 'application/json',
      };
      const phase = async () => {
        const res = await fetch(`${argocd.url}/api/v1/applications/${name}`, {
          headers,
        });
        return (await res.json()).status.operationState.phase;
      };
      const res = await fetch(
        `${argocd.url}/api/v1/applications/${name}/sync`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({ name }),
        },
      );
      expect(res.status).toBe(200);
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(await phase()).toBe('Running');
      await new Promise(resolve => setTimeout(resolve, 400));
      expect(await phase()).toBe('Succeeded');
    } finally {
      await argocd.stop();
    }
  });
});
