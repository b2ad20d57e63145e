/**
 * Builds the publishable package into dist/ (or another folder, for the tests):
 *
 *  - dist/index.js: one ES module (esbuild) holding the client and the parts of src/common it uses, so the
 *    package stands alone; only `zod` stays an import (a dependency: the types refer to it too);
 *  - dist/types/**: the declarations (tsc). They keep the repository's layout below dist/types
 *    (packages/client/src/..., src/common/...), so the client's imports of src/common resolve inside the package.
 *
 * Run with `npm run build:client` (repository root) or `npm run build` here. No network needed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { build } from 'esbuild';
import ts from 'typescript';

const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = path.resolve(PACKAGE_DIR, '../..');
const ENTRY = path.join(PACKAGE_DIR, 'src/index.ts');
/** Where package.json's "types" points, relative to the output folder. */
export const TYPES_ENTRY = 'types/packages/client/src/index.d.ts';

export async function buildClient(outDir = path.join(PACKAGE_DIR, 'dist')): Promise<void> {
  fs.rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: [ENTRY],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['zod'],
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  emitDeclarations(path.join(outDir, 'types'));
}

function emitDeclarations(declarationDir: string): void {
  const program = ts.createProgram([ENTRY], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    types: [],
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: REPO_ROOT,
    declarationDir,
  });
  const result = program.emit();
  const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (problems.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => REPO_ROOT, getNewLine: () => '\n' };
    throw new Error(`declarations failed:\n${ts.formatDiagnostics(problems, host)}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildClient(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`built ${path.relative(process.cwd(), path.join(PACKAGE_DIR, 'dist')) || 'dist'}`);
}
