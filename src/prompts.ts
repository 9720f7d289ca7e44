// Where every prompt file (reply templates, help articles, language data, the LLM writer's prompts,
// the shop policy) is read from: prompts/ in the checkout, with the operator's PROMPTS_DIR laid
// over it. An operator's file replaces the built-in one of the same relative path, and a file only
// the operator has is added; an upgrade replaces prompts/ and never touches PROMPTS_DIR. Each loader
// validates what it reads the same way wherever the file comes from, and names the file it refused.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromRoot } from './paths.js';

/**
 * The layout, shared by prompts/ and PROMPTS_DIR: folders read whole (every file with that ending)
 * and folders of named files (only the names prompts/ has are read there).
 */
const LAYOUT = { kb: '.md', replies: '.md', language: '.yaml', llm: 'named', policy: 'named' } as const;
export type PromptFolder = keyof typeof LAYOUT;
type WholeFolder = { [F in PromptFolder]: (typeof LAYOUT)[F] extends 'named' ? never : F }[PromptFolder];
type NamedFolder = Exclude<PromptFolder, WholeFolder>;

export interface PromptFile {
  /** The file's name in its folder (`refunds.md`). */
  readonly name: string;
  readonly path: string;
  /** From PROMPTS_DIR. */
  readonly operator: boolean;
  /** The built-in file an operator's file replaces. */
  readonly replaces?: string;
}

export interface Prompts {
  /** Every file of a folder read whole, sorted by name: the built-in ones, each replaced by the operator's of that name, and the operator's added. */
  folder(folder: WholeFolder): PromptFile[];
  /** One named file: the operator's when PROMPTS_DIR has it, else the built-in one. */
  file(folder: NamedFolder, name: string): PromptFile;
  /** The operator's files by relative path (`replies/greeting.md`), for the start log line. */
  readonly layered: { readonly replaced: readonly string[]; readonly added: readonly string[] };
}

/** The files directly in `dir` with the given ending, sorted (a missing folder has none). */
export function filesIn(dir: string, ending: string, operator = false): PromptFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.filter((name) => name.endsWith(ending) && !name.startsWith('.')).sort().map((name) => ({ name, path: join(dir, name), operator }));
}

/** Reads `file` and parses it; any error names the file (the operator's path when it is theirs). */
export function readPromptFile<T>(file: Pick<PromptFile, 'path'>, parse: (text: string) => T): T {
  try {
    return parse(readFileSync(file.path, 'utf8'));
  } catch (err) {
    throw new Error(`${file.path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/**
 * The prompts as the service reads them. `operatorDir` (PROMPTS_DIR) is checked at once: it must be
 * a folder, and every file in it must be one Parley reads (a misspelt folder or file name would
 * otherwise be ignored without a word).
 */
export function createPrompts(operatorDir?: string, builtInDir: string = fromRoot('prompts')): Prompts {
  const operator = operatorDir === undefined ? undefined : resolve(operatorDir);
  const builtIn = (folder: PromptFolder, ending: string) => filesIn(join(builtInDir, folder), ending);
  const named = (folder: PromptFolder) => builtIn(folder, '').map((f) => f.name);
  const replaced: string[] = [];
  const added: string[] = [];
  if (operator !== undefined) {
    if (!isFolder(operator)) throw new Error(`PROMPTS_DIR ${operator} is not a folder`);
    for (const entry of readdirSync(operator).filter((name) => !name.startsWith('.')).sort()) {
      const ending: string | undefined = Object.hasOwn(LAYOUT, entry) ? LAYOUT[entry as PromptFolder] : undefined;
      if (ending === undefined || !isFolder(join(operator, entry))) {
        throw new Error(`PROMPTS_DIR ${join(operator, entry)}: not one of the prompt folders (${Object.keys(LAYOUT).join(', ')})`);
      }
      const known = new Set(named(entry as PromptFolder));
      for (const name of readdirSync(join(operator, entry)).filter((n) => !n.startsWith('.')).sort()) {
        const readable = ending === 'named' ? known.has(name) : name.endsWith(ending);
        if (!readable) {
          const expected = ending === 'named' ? `one of ${[...known].join(', ')}` : `a ${ending} file`;
          throw new Error(`PROMPTS_DIR ${join(operator, entry, name)}: not a file Parley reads (expected ${expected})`);
        }
        (known.has(name) ? replaced : added).push(`${entry}/${name}`);
      }
    }
  }
  const layer = (file: PromptFile, folder: PromptFolder): PromptFile => {
    if (operator === undefined) return file;
    const own = join(operator, folder, file.name);
    return isFile(own) ? { name: file.name, path: own, operator: true, replaces: file.path } : file;
  };
  return {
    folder(folder) {
      const ending = LAYOUT[folder];
      const files = new Map(builtIn(folder, ending).map((f) => [f.name, layer(f, folder)]));
      if (operator !== undefined) {
        for (const f of filesIn(join(operator, folder), ending, true)) if (!files.has(f.name)) files.set(f.name, f);
      }
      return [...files.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    file(folder, name) {
      return layer({ name, path: join(builtInDir, folder, name), operator: false }, folder);
    },
    layered: { replaced, added },
  };
}

/** prompts/ alone, with no operator's layer: tests, and the LLM writer when it is given no prompts. */
export const builtInPrompts: Prompts = createPrompts();

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
