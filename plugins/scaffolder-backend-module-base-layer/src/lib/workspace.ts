import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';

/** A file to write, relative to the action's target directory. */
export interface WorkspaceFile {
  path: string;
  content: string;
}

function resolveTarget(
  workspacePath: string,
  targetPath: string,
  file: string,
) {
  try {
    const root = resolveSafeChildPath(workspacePath, targetPath);
    return resolveSafeChildPath(root, file);
  } catch {
    throw new InputError(
      `Invalid input 'targetPath': '${path.posix.join(
        targetPath,
        file,
      )}' is outside the workspace`,
    );
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

/**
 * Fails when any of the files would leave the workspace or overwrite
 * something already there. Reads only.
 *
 * @throws InputError naming `targetPath`, or ConflictError naming `name`
 */
export async function assertWorkspaceFree(
  workspacePath: string,
  targetPath: string,
  files: string[],
): Promise<void> {
  for (const file of files) {
    const absolute = resolveTarget(workspacePath, targetPath, file);
    if (await exists(absolute)) {
      throw new ConflictError(
        `Invalid input 'name': '${path.posix.join(
          targetPath,
          file,
        )}' already exists in the workspace and would be overwritten`,
      );
    }
  }
}

/**
 * Writes the files only after checking that none of them exists, so a
 * rejected run leaves the workspace as it was.
 *
 * @returns the written paths, relative to the workspace
 */
export async function writeWorkspaceFiles(
  workspacePath: string,
  targetPath: string,
  files: WorkspaceFile[],
): Promise<string[]> {
  await assertWorkspaceFree(
    workspacePath,
    targetPath,
    files.map(f => f.path),
  );
  for (const file of files) {
    const absolute = resolveTarget(workspacePath, targetPath, file.path);
    await fs.mkdir(path.dirname(absolute), { recursive: true });
    // 'wx' keeps the no-overwrite promise even if another step raced us.
    await fs.writeFile(absolute, file.content, {
      encoding: 'utf8',
      flag: 'wx',
    });
  }
  return files.map(f => path.posix.join(targetPath, f.path));
}
