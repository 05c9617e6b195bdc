// The Template Editor (/create/edit) loads a template directory through the
// browser's directory picker, a native dialog a headless browser cannot
// answer. The picker is answered with a real FileSystemDirectoryHandle from
// the origin private file system, filled with a committed template
// directory: everything after it (editor, form, dry-run API, scaffolder
// backend, our actions) is the real thing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from './portal.mjs';

/** A committed template directory as { 'relative/path': text }. */
function readTree(dir, prefix = '') {
  const files = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) Object.assign(files, readTree(full, rel));
    else files[rel] = readFileSync(full, 'utf8');
  }
  return files;
}

/**
 * Makes the directory picker of every page of `context` answer with one of
 * the named template directories (`templates/<name>`); the first one until
 * {@link loadTemplateDirectory} picks another.
 */
export async function answerDirectoryPicker(context, names) {
  const trees = Object.fromEntries(
    names.map(name => [name, readTree(path.join(root, 'templates', name))]),
  );
  await context.addInitScript(
    ({ templates, first }) => {
      window.__templateDirectory = first;
      window.showDirectoryPicker = async () => {
        const name = window.__templateDirectory;
        const opfs = await navigator.storage.getDirectory();
        await opfs.removeEntry(name, { recursive: true }).catch(() => {});
        const dir = await opfs.getDirectoryHandle(name, { create: true });
        for (const [file, text] of Object.entries(templates[name])) {
          let parent = dir;
          const parts = file.split('/');
          for (const part of parts.slice(0, -1)) {
            parent = await parent.getDirectoryHandle(part, { create: true });
          }
          const handle = await parent.getFileHandle(parts.at(-1), {
            create: true,
          });
          const writable = await handle.createWritable();
          await writable.write(text);
          await writable.close();
        }
        return dir;
      };
    },
    { templates: trees, first: names[0] },
  );
}

/**
 * Opens the Template Editor and loads the template directory `name` (one
 * given to {@link answerDirectoryPicker}).
 */
export async function loadTemplateDirectory(page, name) {
  await page.goto(new URL('/create/edit', page.url()).toString());
  await page.evaluate(selected => {
    window.__templateDirectory = selected;
  }, name);
  await page.getByText('Load Template Directory').click({ timeout: 60_000 });
  await page.getByText('template.yaml').first().waitFor({ timeout: 60_000 });
}
