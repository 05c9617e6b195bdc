import {
  createTemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { FieldCallbacks, filesOutput } from '../lib/moduleInput';
import {
  ModuleDefaults,
  ModuleSpec,
  parseModuleInput,
} from '../lib/moduleSpec';
import { WorkspaceFile, writeWorkspaceFiles } from '../lib/workspace';

/**
 * An action that writes part of a BASE module into the workspace: it checks
 * its input against its fields, builds its files and writes them, never
 * overwriting a file. It outputs the written `files`, and whatever else
 * `build` returns.
 */
export function createModuleWriterAction(options: {
  id: string;
  description: string;
  examples: TemplateExample[];
  defaults: ModuleDefaults;
  input: FieldCallbacks;
  output: FieldCallbacks;
  build(
    spec: ModuleSpec,
  ): Promise<{ files: WorkspaceFile[]; output?: Record<string, string> }>;
}) {
  const { defaults, input, output, build, ...definition } = options;
  const outputFields: FieldCallbacks = { files: filesOutput, ...output };
  return createTemplateAction({
    ...definition,
    // Only the workspace is written, in dry-run too: the dry-run result shows
    // the very files a real run would propose.
    supportsDryRun: true,
    schema: { input, output: outputFields },
    async handler(ctx) {
      const spec = parseModuleInput(ctx.input, defaults, input);
      const built = await build(spec);
      const files = await writeWorkspaceFiles(
        ctx.workspacePath,
        spec.targetPath,
        built.files,
      );
      ctx.logger.info(`Wrote ${files.length} files`, { module: spec.name });
      ctx.output('files', files);
      for (const [name, value] of Object.entries(built.output ?? {})) {
        ctx.output(name, value);
      }
    },
  });
}
