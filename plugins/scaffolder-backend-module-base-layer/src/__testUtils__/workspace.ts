import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { ScaffolderDefaults } from '../lib/config';

/** The default wave plan of app-config.yaml. */
export const testWaves = [
  { id: 0, name: 'Core services' },
  { id: 1, name: 'Shared services' },
  { id: 2, name: 'Orchestration' },
  { id: 3, name: 'BASE layer' },
  { id: 4, name: 'Applications' },
];

export const testDefaults: ScaffolderDefaults = {
  waves: testWaves,
  awsAccountId: '123456789012',
  project: 'base-layer',
  argocdNamespace: 'argocd',
  destinationCluster: 'base-layer',
};

export const testIntegrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test' }] },
  }),
);

/** A real, empty temporary directory; removed by the returned cleanup. */
export async function createTempWorkspace() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'base-module-'));
  return {
    dir,
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

/** Every file under dir, sorted, relative with forward slashes. */
export async function listFiles(dir: string, sub = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, sub), {
    withFileTypes: true,
  });
  const result: string[] = [];
  for (const entry of entries) {
    const relative = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      result.push(`${relative}/`, ...(await listFiles(dir, relative)));
    } else {
      result.push(relative);
    }
  }
  return result.sort();
}

/** A digest of the names and contents of everything under dir. */
export async function hashDirectory(dir: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const file of await listFiles(dir)) {
    hash.update(file);
    hash.update('\0');
    if (!file.endsWith('/')) {
      hash.update(await fs.readFile(path.join(dir, file)));
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Reads and parses one YAML document from the workspace. */
export async function readYaml(dir: string, file: string): Promise<any> {
  return yaml.parse(await fs.readFile(path.join(dir, file), 'utf8'));
}

/** The input of the first step of a documented example. */
export function exampleInput(example: string): any {
  return yaml.parse(example).steps[0].input;
}
