import { buildAccessFiles } from '../lib/moduleAccess';
import { moduleActionFields } from '../lib/moduleInput';
import { ModuleDefaults } from '../lib/moduleSpec';
import { examples } from './createModuleAccess.examples';
import { createModuleWriterAction } from './moduleWriterAction';

/**
 * `base:access:create`: writes what gives a BASE module's pods access to AWS
 * and Vault: its IRSA role (a Crossplane IAM Role trusting only the module's
 * ServiceAccount) and its Vault policy and Kubernetes-auth role.
 */
export function createModuleAccessAction(options: {
  defaults: ModuleDefaults;
}) {
  const { defaults } = options;
  return createModuleWriterAction({
    id: 'base:access:create',
    description:
      "Writes a BASE module's IRSA role (platform-services/crossplane/iam/base-layer-<module>.yaml, a Crossplane iam.aws.crossplane.io Role whose trust policy admits only system:serviceaccount:base-<module>:<module> through the cluster's OIDC provider) and its Vault policy (platform-services/vault/policies/base-layer-<module>.hcl, read on secret/data/base-layer/<module>/*) and Kubernetes-auth role (platform-services/vault/kubernetes-roles/base-layer-<module>.json). Each part has its switch, irsa and vault.",
    examples,
    defaults,
    input: moduleActionFields('irsa', 'vault'),
    output: {
      roleArn: z =>
        z
          .string({ description: 'ARN of the IRSA role, when irsa is on' })
          .optional(),
      vaultRole: z =>
        z
          .string({
            description: 'Vault Kubernetes-auth role, when vault is on',
          })
          .optional(),
    },
    async build(spec) {
      const files = buildAccessFiles(spec, defaults);
      const output: Record<string, string> = {};
      if (spec.irsa && spec.iamRoleArn) {
        output.roleArn = spec.iamRoleArn;
      }
      if (spec.vault) {
        output.vaultRole = spec.layout.accessName;
      }
      return { files, output };
    },
  });
}
