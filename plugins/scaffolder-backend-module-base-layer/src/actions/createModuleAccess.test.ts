import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { hashDirectory, useActionWorkspace } from '../__testUtils__/workspace';
import { testDefaults } from '../__testUtils__/config';
import { exampleCases, exampleInput } from '../__testUtils__/examples';
import { renderVaultPolicy } from '../lib/moduleAccess';
import { createModuleAccessAction } from './createModuleAccess';
import { examples } from './createModuleAccess.examples';

const ROLE = 'platform-services/crossplane/iam/base-layer-data-lineage.yaml';
const POLICY = 'platform-services/vault/policies/base-layer-data-lineage.hcl';
const VAULT_ROLE =
  'platform-services/vault/kubernetes-roles/base-layer-data-lineage.json';
const ISSUER = testDefaults.oidcProvider!;

/** The `path` blocks of an HCL policy: path and capabilities. */
function policyRules(hcl: string) {
  return [
    ...hcl.matchAll(/path "([^"]+)" \{\n {2}capabilities = (\[[^\]]*\])\n\}/g),
  ].map(([, rulePath, capabilities]) => ({
    path: rulePath,
    capabilities: JSON.parse(capabilities),
  }));
}

describe('base:access:create', () => {
  const workspace = useActionWorkspace(
    createModuleAccessAction({ defaults: testDefaults }),
  );
  const { run } = workspace;
  const read = (file: string) =>
    fs.readFile(path.join(workspace.dir, file), 'utf8');

  it.each(exampleCases(examples))('runs the example: %s', async (_, input) => {
    const ctx = await run(input);
    const files = (await workspace.listFiles()).filter(f => !f.endsWith('/'));
    expect(files.some(f => f.includes('/crossplane/'))).toBe(
      input.irsa !== false,
    );
    expect(files.some(f => f.includes('/vault/'))).toBe(input.vault !== false);
    expect(ctx.output).toHaveBeenCalledWith('files', expect.any(Array));
  });

  it('writes the IRSA role as a Crossplane Role trusting only the module service account', async () => {
    const ctx = await run(exampleInput(examples[0].example));
    const role = await workspace.readYaml(ROLE);
    expect(role).toMatchObject({
      apiVersion: 'iam.aws.crossplane.io/v1beta1',
      kind: 'Role',
      metadata: {
        name: 'base-layer-data-lineage',
        annotations: {
          'crossplane.io/external-name': 'base-layer-data-lineage',
        },
      },
    });
    expect(JSON.parse(role.spec.forProvider.assumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`,
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${ISSUER}:sub`]:
                'system:serviceaccount:base-data-lineage:data-lineage',
              [`${ISSUER}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    });
    // The role the ServiceAccount of base:manifests:create names.
    expect(ctx.output).toHaveBeenCalledWith(
      'roleArn',
      'arn:aws:iam::123456789012:role/base-layer-data-lineage',
    );
  });

  it('writes a Vault policy reading only the module secrets, and a role bound to its service account', async () => {
    const ctx = await run(exampleInput(examples[0].example));
    expect(policyRules(await read(POLICY))).toEqual([
      { path: 'secret/data/base-layer/data-lineage/*', capabilities: ['read'] },
    ]);
    // Nothing but comments and that one block.
    expect(
      (await read(POLICY))
        .split('\n')
        .filter(line => line && !line.startsWith('#')),
    ).toEqual([
      'path "secret/data/base-layer/data-lineage/*" {',
      '  capabilities = ["read"]',
      '}',
    ]);
    expect(JSON.parse(await read(VAULT_ROLE))).toEqual({
      bound_service_account_names: ['data-lineage'],
      bound_service_account_namespaces: ['base-data-lineage'],
      token_policies: ['base-layer-data-lineage'],
      token_ttl: '1h',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'vaultRole',
      'base-layer-data-lineage',
    );
  });

  it.each([
    ['a quote in the path', 'secret/data/x" {}\npath "sys/*', ['read']],
    ['a capability Vault does not have', 'secret/data/x/*', ['own']],
    ['no capability', 'secret/data/x/*', []],
  ])('renders no policy with %s', (_title, rulePath, capabilities) => {
    expect(() =>
      renderVaultPolicy([{ path: rulePath, capabilities } as any], 'x'),
    ).toThrow();
  });

  it.each([
    [
      'irsa without the OIDC provider in config',
      { ...testDefaults, oidcProvider: undefined },
      {},
      "Invalid input 'irsa'",
    ],
    [
      'irsa without the AWS account in config',
      { ...testDefaults, awsAccountId: undefined },
      {},
      "Invalid input 'irsa'",
    ],
    ['a name that is not a DNS label', testDefaults, { name: 'a/b' }, "'a/b'"],
    [
      'a target path escaping the workspace',
      testDefaults,
      { targetPath: '../x' },
      "Invalid input 'targetPath'",
    ],
  ])(
    'refuses %s and writes nothing',
    async (_title, defaults, input, message) => {
      const action = createModuleAccessAction({ defaults });
      const before = await hashDirectory(workspace.dir);
      const result = workspace.runAction(action, {
        ...exampleInput(examples[0].example),
        ...input,
      });
      await expect(result).rejects.toThrow(message);
      await expect(result).rejects.toBeInstanceOf(InputError);
      expect(await hashDirectory(workspace.dir)).toBe(before);
    },
  );
});
