import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/** A real, empty temporary directory; removed by the returned cleanup. */
export async function createTempWorkspace() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'base-module-'));
  return {
    dir,
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh temporary workspace for every test of the calling `describe`, with
 * a runner of the action's handler in it (`extra` overrides context fields,
 * such as `isDryRun` or `checkpoint`).
 */
export function useActionWorkspace(action?: TemplateAction<any, any, any>) {
  let workspace: Awaited<ReturnType<typeof createTempWorkspace>>;
  beforeEach(async () => {
    workspace = await createTempWorkspace();
  });
  afterEach(() => workspace.cleanup());
  const runAction = async (
    actionToRun: TemplateAction<any, any, any>,
    input: object,
    extra: object = {},
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace.dir,
      }),
      ...extra,
    };
    await actionToRun.handler(ctx);
    return ctx;
  };
  return {
    get dir() {
      return workspace.dir;
    },
    runAction,
    run: (input: object, extra?: object) => runAction(action!, input, extra),
    listFiles: () => listFiles(workspace.dir),
    readYaml: (file: string) => readYaml(workspace.dir, file),
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
