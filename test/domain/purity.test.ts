import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The domain is pure (design principle 1): no AWS SDK, middy, exceljs, `aws-lambda` types, ElectroDB
 * or Powertools, no `process.env`, no wall clock and no randomness (the Clock and IdGenerator ports
 * give time and ids). Checked on the syntax tree, so comments and strings cannot fool it.
 */
const root = new URL('../../', import.meta.url).pathname;
const forbiddenModules = [
  /^@aws-sdk\//,
  /^@smithy\//,
  /^@middy\//,
  /^exceljs$/,
  /^aws-lambda$/,
  /^electrodb$/,
  /^@aws-lambda-powertools\//,
  /^node:/,
  /^(fs|path|crypto|os|child_process|http|https|net)$/,
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every impurity in one source text, as `line: what`. */
function impurities(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const name = node.moduleSpecifier.text;
      if (forbiddenModules.some((re) => re.test(name))) at(node, `imports ${name}`);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) at(node, 'dynamic import');
    if (ts.isPropertyAccessExpression(node)) {
      const text = node.getText(source);
      if (text === 'process.env') at(node, 'reads process.env');
      if (text === 'Date.now' || text === 'performance.now') at(node, `reads the clock (${text})`);
      if (text === 'Math.random') at(node, 'uses Math.random');
    }
    if (ts.isNewExpression(node) && node.expression.getText(source) === 'Date' && (node.arguments?.length ?? 0) === 0) at(node, 'reads the clock (new Date())');
    if (ts.isIdentifier(node) && node.text === 'process' && !ts.isPropertyAccessExpression(node.parent)) at(node, 'uses process');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the domain', () => {
  it('imports no adapter library and reads no environment, clock or randomness', () => {
    const offences = files(join(root, 'domain')).flatMap((file) => impurities(file, readFileSync(file, 'utf8')).map((o) => `${relative(root, file)}:${o}`));
    expect(offences).toEqual([]);
  });

  it('would notice each kind of impurity (the check itself can fail)', () => {
    const bad = [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import middy from '@middy/core';",
      "import ExcelJS from 'exceljs';",
      "import type { Context } from 'aws-lambda';",
      'const table = process.env.TABLE_NAME;',
      'const now = Date.now();',
      'const today = new Date();',
      'const id = Math.random();',
      "const lib = await import('exceljs');",
    ].join('\n');
    expect(impurities('bad.ts', bad)).toHaveLength(9);
    // Pure code passes: a date from a value, a comment that names process.env.
    expect(impurities('good.ts', "// process.env is read in functions/config.ts\nconst d = new Date('2026-01-01');")).toEqual([]);
  });
});
