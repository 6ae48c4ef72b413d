import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every runtime dependency in package.json is imported by some source file: one nothing imports is
 * dead weight in every `npm install` and a version to keep current for nothing. devDependencies are
 * tools and are not checked. Checked on the syntax tree (imports, re-exports, `import()`, `require()`),
 * so a comment or a string that names a package does not count.
 */
const root = new URL('../../', import.meta.url).pathname;
const sourceFolders = ['functions', 'domain', 'infra', 'scripts', 'bench', 'events', 'test'];
const skipped = new Set(['node_modules', 'cdk.out', '.local', 'coverage']);

/**
 * Dependencies that only tooling uses (a CLI, a plugin named in a config file), each with the reason.
 * None today; an entry that some source does import is reported too, so the list cannot go stale.
 */
const usedOnlyByTooling: Record<string, string> = {
  'swagger-ui-dist': 'its files are served, not imported: docs-assets.ts reads them from disk (node_modules locally, beside the bundle in Lambda)',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The package a module specifier names (`@scope/name/sub` → `@scope/name`), or undefined for a relative or `node:` one. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every module specifier a source text imports, re-exports, `import()`s or `require()`s. */
function importedSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The runtime dependencies no source imports, minus the documented tooling ones. */
function unimportedDependencies(dependencies: string[], sources: Array<{ fileName: string; text: string }>, toolingOnly: string[] = []) {
  const imported = new Set(sources.flatMap(({ fileName, text }) => importedSpecifiers(fileName, text).flatMap((s) => packageOf(s) ?? [])));
  return {
    unimported: dependencies.filter((name) => !imported.has(name) && !toolingOnly.includes(name)),
    listedButImported: toolingOnly.filter((name) => imported.has(name)),
  };
}

describe('package.json dependencies', () => {
  it('are each imported by some source file (tooling-only ones are listed with a reason)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // The source folders and the configuration files at the root (vitest.config.ts …).
    const rootFiles = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name))
      .map((e) => join(root, e.name));
    const sources = [...sourceFolders.flatMap((folder) => sourceFiles(join(root, folder))), ...rootFiles].map((fileName) => ({
      fileName,
      text: readFileSync(fileName, 'utf8'),
    }));
    const { unimported, listedButImported } = unimportedDependencies(Object.keys(pkg.dependencies), sources, Object.keys(usedOnlyByTooling));
    expect(unimported, 'remove these from package.json, or list them in usedOnlyByTooling with the reason').toEqual([]);
    expect(listedButImported, 'these are imported after all: take them off usedOnlyByTooling').toEqual([]);
  });

  it('finds a dependency that only a comment or a string mentions', () => {
    const sources = [
      { fileName: 'a.ts', text: "import { x } from '@middy/core/sub';\nexport * from 'zod';\nconst y = await import('jose');\nconst z = require('ulid');" },
      { fileName: 'b.ts', text: "// import '@middy/http-error-handler'\nconst s = 'exceljs';\nimport './local.ts';\nimport 'node:fs';" },
    ];
    expect(unimportedDependencies(['@middy/core', 'zod', 'jose', 'ulid', '@middy/http-error-handler', 'exceljs', 'cdk-tool'], sources, ['cdk-tool'])).toEqual({
      unimported: ['@middy/http-error-handler', 'exceljs'],
      listedButImported: [],
    });
    expect(unimportedDependencies(['zod'], sources, ['zod'])).toEqual({ unimported: [], listedButImported: ['zod'] });
  });
});
