import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { ModuleDefaults, ModuleSpec } from './moduleSpec';
import { WorkspaceFile } from './workspace';
import { toYaml } from './yamlDocument';

/** The audience EKS puts in a service account token for IRSA. */
const STS_AUDIENCE = 'sts.amazonaws.com';
/** Vault's KV v2 mount, under which each module reads its own secrets. */
const SECRETS_MOUNT = 'secret/data/base-layer';
/** How long a Vault token of a module's pod lives. */
const VAULT_TOKEN_TTL = '1h';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An EKS OIDC issuer without the scheme: `oidc.eks.<region>.amazonaws.com/id/<id>`. */
export const OIDC_PROVIDER = /^[a-z0-9.-]+(?:\/[A-Za-z0-9._-]+)*$/;

/** The IAM trust policy that lets one service account assume the role. */
const trustPolicySchema = z
  .object({
    Version: z.literal('2012-10-17'),
    Statement: z
      .array(
        z
          .object({
            Effect: z.literal('Allow'),
            Principal: z
              .object({
                Federated: z
                  .string()
                  .regex(/^arn:aws:iam::\d{12}:oidc-provider\/\S+$/),
              })
              .strict(),
            Action: z.literal('sts:AssumeRoleWithWebIdentity'),
            Condition: z
              .object({
                StringEquals: z.record(z.string(), z.string().min(1)),
              })
              .strict(),
          })
          .strict(),
      )
      .length(1),
  })
  .strict();

/** A trust policy document, see {@link trustPolicySchema}. */
export type TrustPolicy = z.infer<typeof trustPolicySchema>;

/**
 * The Crossplane AWS provider's IAM Role (`iam.aws.crossplane.io/v1beta1`),
 * the fields we write. No kubernetes-models package covers Crossplane's AWS
 * provider, so this schema checks the object instead.
 */
const crossplaneRoleSchema = z
  .object({
    apiVersion: z.literal('iam.aws.crossplane.io/v1beta1'),
    kind: z.literal('Role'),
    metadata: z
      .object({
        name: z.string().regex(DNS_1123_LABEL).max(63),
        labels: z.record(z.string(), z.string()),
        annotations: z.record(z.string(), z.string()),
      })
      .strict(),
    spec: z
      .object({
        forProvider: z
          .object({
            // Crossplane takes the policy as a JSON string.
            assumeRolePolicyDocument: z
              .string()
              .refine(
                text => trustPolicySchema.safeParse(JSON.parse(text)).success,
                'is not a trust policy for one service account',
              ),
            description: z.string().max(1000),
            tags: z.array(
              z.object({ key: z.string(), value: z.string() }).strict(),
            ),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

/** A Crossplane IAM Role, see {@link crossplaneRoleSchema}. */
export type CrossplaneRole = z.infer<typeof crossplaneRoleSchema>;

/** One `path` block of a Vault policy. */
const vaultPolicySchema = z
  .array(
    z
      .object({
        // No quote, brace or white space: the path is written inside quotes.
        path: z.string().regex(/^[A-Za-z0-9_+.*/-]+$/),
        capabilities: z
          .array(
            z.enum([
              'create',
              'read',
              'update',
              'patch',
              'delete',
              'list',
              'sudo',
              'deny',
            ]),
          )
          .min(1),
      })
      .strict(),
  )
  .min(1);

/** A Vault policy as data, rendered to HCL by {@link renderVaultPolicy}. */
export type VaultPolicy = z.infer<typeof vaultPolicySchema>;

/** The body of `vault write auth/kubernetes/role/<role>`. */
const vaultKubernetesRoleSchema = z
  .object({
    bound_service_account_names: z
      .array(z.string().regex(DNS_1123_LABEL))
      .min(1),
    bound_service_account_namespaces: z
      .array(z.string().regex(DNS_1123_LABEL))
      .min(1),
    token_policies: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
    token_ttl: z.string().regex(/^\d+[smh]$/),
  })
  .strict();

/** A Vault Kubernetes-auth role, see {@link vaultKubernetesRoleSchema}. */
export type VaultKubernetesRole = z.infer<typeof vaultKubernetesRoleSchema>;

/** The ARN of the module's IRSA role in the configured account. */
export function moduleRoleArn(spec: ModuleSpec, awsAccountId: string): string {
  return `arn:aws:iam::${awsAccountId}:role/${spec.layout.accessName}`;
}

/**
 * Checks that the chosen IRSA role can be written: it needs the account and
 * the cluster's OIDC provider from config, and the ServiceAccount must name
 * the role the pull request creates. Reads nothing.
 *
 * @throws InputError naming `irsa` or `iamRoleArn`
 */
export function assertAccessInput(
  spec: ModuleSpec,
  defaults: ModuleDefaults,
): void {
  if (!spec.irsa) {
    return;
  }
  const { awsAccountId, oidcProvider } = defaults;
  if (!awsAccountId || !oidcProvider) {
    throw new InputError(
      `Invalid input 'irsa': creating the IRSA role needs baseLayer.scaffolder.awsAccountId and baseLayer.scaffolder.oidcProvider in app-config; set irsa to false to use an existing role`,
    );
  }
  const roleArn = moduleRoleArn(spec, awsAccountId);
  if (spec.iamRoleArn && spec.iamRoleArn !== roleArn) {
    throw new InputError(
      `Invalid input 'iamRoleArn': '${spec.iamRoleArn}' is not the role the pull request creates (${roleArn}); leave it empty, or set irsa to false to use an existing role`,
    );
  }
}

/** The trust policy of the module's role: only its own service account may assume it. */
export function moduleTrustPolicy(
  spec: ModuleSpec,
  awsAccountId: string,
  oidcProvider: string,
): TrustPolicy {
  return trustPolicySchema.parse({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: `arn:aws:iam::${awsAccountId}:oidc-provider/${oidcProvider}`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${oidcProvider}:sub`]: `system:serviceaccount:${spec.namespace}:${spec.name}`,
            [`${oidcProvider}:aud`]: STS_AUDIENCE,
          },
        },
      },
    ],
  });
}

/** The module's IRSA role as a Crossplane managed resource. */
export function buildIamRole(
  spec: ModuleSpec,
  defaults: ModuleDefaults,
): WorkspaceFile {
  assertAccessInput(spec, defaults);
  const { awsAccountId, oidcProvider } = defaults as Required<ModuleDefaults>;
  const role: CrossplaneRole = crossplaneRoleSchema.parse({
    apiVersion: 'iam.aws.crossplane.io/v1beta1',
    kind: 'Role',
    metadata: {
      name: spec.layout.accessName,
      labels: {
        'app.kubernetes.io/name': spec.name,
        'app.kubernetes.io/part-of': 'base-layer',
      },
      // The AWS name, so the ServiceAccount's role ARN names this role.
      annotations: { 'crossplane.io/external-name': spec.layout.accessName },
    },
    spec: {
      forProvider: {
        assumeRolePolicyDocument: JSON.stringify(
          moduleTrustPolicy(spec, awsAccountId, oidcProvider),
          null,
          2,
        ),
        description: `IRSA role of the BASE module ${spec.name} (service account ${spec.namespace}/${spec.name})`,
        tags: [
          { key: 'base-layer.io/module', value: spec.name },
          { key: 'managed-by', value: 'crossplane' },
        ],
      },
    },
  });
  return { path: spec.layout.iamRole, content: toYaml(role) };
}

/** What the module's pods may do in Vault: read their own secrets. */
export function moduleVaultPolicy(spec: ModuleSpec): VaultPolicy {
  return vaultPolicySchema.parse([
    { path: `${SECRETS_MOUNT}/${spec.name}/*`, capabilities: ['read'] },
  ]);
}

/**
 * Renders a Vault policy as HCL. The input is checked first, so no value can
 * break out of its quotes.
 */
export function renderVaultPolicy(
  policy: VaultPolicy,
  comment: string,
): string {
  const blocks = vaultPolicySchema
    .parse(policy)
    .map(
      rule =>
        `path ${JSON.stringify(rule.path)} {\n  capabilities = ${JSON.stringify(
          rule.capabilities,
        ).replace(/,/g, ', ')}\n}\n`,
    );
  return `# ${comment.replace(/\n/g, ' ')}\n${blocks.join('\n')}`;
}

/** The Kubernetes-auth role binding the module's ServiceAccount to its policy. */
export function moduleVaultKubernetesRole(
  spec: ModuleSpec,
): VaultKubernetesRole {
  return vaultKubernetesRoleSchema.parse({
    bound_service_account_names: [spec.name],
    bound_service_account_namespaces: [spec.namespace],
    token_policies: [spec.layout.accessName],
    token_ttl: VAULT_TOKEN_TTL,
  });
}

/** The module's Vault policy (HCL) and Kubernetes-auth role (JSON). */
export function buildVaultFiles(spec: ModuleSpec): WorkspaceFile[] {
  return [
    {
      path: spec.layout.vaultPolicy,
      content: renderVaultPolicy(
        moduleVaultPolicy(spec),
        `BASE module ${spec.name}: read its own secrets. Vault role ${spec.layout.accessName}.`,
      ),
    },
    {
      path: spec.layout.vaultKubernetesRole,
      content: `${JSON.stringify(moduleVaultKubernetesRole(spec), null, 2)}\n`,
    },
  ];
}

/** The access files the module's `irsa` and `vault` switches choose. */
export function buildAccessFiles(
  spec: ModuleSpec,
  defaults: ModuleDefaults,
): WorkspaceFile[] {
  return [
    ...(spec.irsa ? [buildIamRole(spec, defaults)] : []),
    ...(spec.vault ? buildVaultFiles(spec) : []),
  ];
}
