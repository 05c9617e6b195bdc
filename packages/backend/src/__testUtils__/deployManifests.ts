/*
 * Reads a kustomize tree such as the repository's deploy/: every YAML file,
 * what each kustomization names, and the kubernetes-models class that
 * validates each manifest. There is no kustomize binary here, so the checks
 * work on the files themselves.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export interface YamlFile {
  /** Path relative to the tree's root, with forward slashes. */
  file: string;
  documents: unknown[];
  /** Parse errors, each with its line and column. */
  errors: string[];
}

/** The kustomization fields this repository uses. */
export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  patches?: Array<{ path?: string; patch?: string; target?: object }>;
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  replicas?: Array<{ name: string; count: number }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  labels?: unknown[];
}

interface Generator {
  name: string;
  behavior?: string;
  files?: string[];
  envs?: string[];
  literals?: string[];
  options?: object;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml'];
const KUSTOMIZATION_KEYS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'components',
  'patches',
  'configMapGenerator',
  'secretGenerator',
  'replicas',
  'images',
  'labels',
]);

export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(path.posix.basename(file));
}

/** Every .yaml/.yml file below `root`, parsed as (multi-document) YAML. */
export function readYamlTree(root: string): YamlFile[] {
  const files: YamlFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (/\.ya?ml$/.test(name)) {
        const docs = parseAllDocuments(readFileSync(full, 'utf8'));
        const list = Array.isArray(docs) ? docs : [docs];
        files.push({
          file: path.relative(root, full).split(path.sep).join('/'),
          documents: list.map(d => d.toJS()),
          errors: list.flatMap(d =>
            d.errors.map(
              e =>
                `${e.message.split('\n')[0]} (line ${
                  e.linePos?.[0]?.line
                }, column ${e.linePos?.[0]?.col})`,
            ),
          ),
        });
      }
    }
  };
  walk(root);
  return files;
}

/** Kustomization keys this repository does not know, probably typos. */
export function unknownKustomizationKeys(k: Kustomization): string[] {
  return Object.keys(k).filter(key => !KUSTOMIZATION_KEYS.has(key));
}

/** A generator's `files` entry is `path` or `key=path`. */
function generatorFilePath(entry: string): string {
  const eq = entry.indexOf('=');
  return eq >= 0 ? entry.slice(eq + 1) : entry;
}

/** The files (relative to the kustomization's folder) its generators read. */
export function generatorFiles(k: Kustomization): string[] {
  return [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]
    .flatMap(g => [...(g.files ?? []), ...(g.envs ?? [])])
    .map(generatorFilePath);
}

/**
 * Everything the kustomization at `dir` names that does not exist: resources
 * (a file, or a folder with a kustomization), components, patch files and
 * generator files.
 */
export function missingReferences(
  root: string,
  dir: string,
  k: Kustomization,
): string[] {
  const at = (ref: string) => path.join(root, dir, ref);
  const missing: string[] = [];
  const folderOrFile = (field: string, ref: string) => {
    const full = at(ref);
    const ok =
      existsSync(full) &&
      (!statSync(full).isDirectory() ||
        KUSTOMIZATION_FILES.some(f => existsSync(path.join(full, f))));
    if (!ok) missing.push(`${dir}: ${field} ${ref}`);
  };
  for (const ref of k.resources ?? []) folderOrFile('resources', ref);
  for (const ref of k.components ?? []) folderOrFile('components', ref);
  for (const patch of k.patches ?? []) {
    if (patch.path && !existsSync(at(patch.path))) {
      missing.push(`${dir}: patches ${patch.path}`);
    }
  }
  for (const file of generatorFiles(k)) {
    if (!existsSync(at(file))) missing.push(`${dir}: generator file ${file}`);
  }
  return missing;
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: any) => Model;

/** The kubernetes-models class for each kind deploy/ ships, by `apiVersion/kind`. */
export const models: Record<string, ModelClass> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'argoproj.io/v1alpha1/Application': Application,
};

/**
 * Validates one manifest against the schema of its kind; throws with the
 * schema's message, or when no model is known for the kind.
 */
export function validateManifest(manifest: {
  apiVersion?: string;
  kind?: string;
  [field: string]: unknown;
}): void {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const Model = models[key];
  if (!Model) {
    throw new Error(`no kubernetes-models class for ${key}`);
  }
  new Model(manifest).validate();
}
