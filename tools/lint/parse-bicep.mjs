#!/usr/bin/env node
// Syntax check for Bicep files: parses each file with the tree-sitter-bicep grammar
// (web-tree-sitter 0.22) and reports every ERROR or MISSING node as file:line:col.
// On files that parse, it also enforces two house rules from STYLE.md that a parse tree can
// see: every `param` carries a @description decorator, and outputs come last in the file.
//
// This is a parse check only. It does not resolve types, API versions, module paths or
// symbol references; full compilation (`az bicep build`, `az bicep lint`) and what-if run
// in .github/workflows/infra.yml.
//
// Usage: node tools/lint/parse-bicep.mjs [file-or-directory ...]
//   With no arguments, every *.bicep file under the current directory is checked
//   (node_modules, target, .git and .local are skipped). *.bicepparam files are not parsed:
//   the grammar covers .bicep only.
// Exit status: 0 when every file is clean, 1 on any syntax or house-rule problem, 2 on usage
// errors (no files, unreadable path) or an internal failure.

import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';

const require = createRequire(import.meta.url);
const Parser = require('web-tree-sitter');

const SKIP_DIRS = new Set(['node_modules', 'target', '.git', '.local', '.idea', '.vscode']);

async function collect(entry, out) {
  const info = await stat(entry);
  if (info.isDirectory()) {
    for (const child of await readdir(entry, { withFileTypes: true })) {
      if (child.isDirectory() && SKIP_DIRS.has(child.name)) {
        continue;
      }
      await collect(path.join(entry, child.name), out);
    }
  } else if (entry.endsWith('.bicep')) {
    out.push(entry);
  }
}

/** Walks the tree with a cursor and returns every ERROR or MISSING node. */
function findProblems(tree) {
  const problems = [];
  const cursor = tree.walk();
  let descend = true;
  for (;;) {
    const node = cursor.currentNode;
    if (descend) {
      if (node.isMissing) {
        problems.push({ node, kind: `MISSING ${node.type}` });
      } else if (node.type === 'ERROR' || node.isError) {
        problems.push({ node, kind: 'ERROR' });
      }
    }
    if (descend && node.hasError && cursor.gotoFirstChild()) {
      continue;
    }
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) {
      break;
    }
    descend = false;
  }
  cursor.delete();
  return problems;
}

function decoratorNames(decorators) {
  const names = [];
  if (!decorators || decorators.type !== 'decorators') {
    return names;
  }
  for (const decorator of decorators.namedChildren) {
    const call = decorator.namedChildren[0];
    const fn = call?.childForFieldName('function') ?? call?.namedChildren[0];
    if (fn) {
      // `sys.description(...)` parses as a member expression; keep the last segment.
      names.push(fn.text.split('.').pop());
    }
  }
  return names;
}

/** House rules on a tree without syntax errors: @description on params, outputs last. */
function findStyleProblems(tree) {
  const problems = [];
  let firstOutput = null;
  for (const node of tree.rootNode.namedChildren) {
    if (node.type === 'parameter_declaration') {
      const prev = node.previousNamedSibling;
      if (!decoratorNames(prev).includes('description')) {
        const name = node.namedChildren[0]?.text ?? '?';
        problems.push({ node, kind: `STYLE param '${name}' has no @description` });
      }
    }
    if (node.type === 'output_declaration') {
      firstOutput ??= node;
    } else if (firstOutput && !['comment', 'decorators'].includes(node.type)) {
      problems.push({ node, kind: `STYLE ${node.type.replace(/_/g, ' ')} after the first output (outputs go last)` });
    }
  }
  return problems;
}

function snippet(source, node) {
  const text = source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 40));
  return text.replace(/\s+/g, ' ').trim();
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) {
    console.log('usage: node tools/lint/parse-bicep.mjs [file-or-directory ...]');
    return 0;
  }
  const roots = args.length > 0 ? args : ['.'];
  const files = [];
  for (const root of roots) {
    try {
      await collect(root, files);
    } catch (err) {
      console.error(`parse-bicep: cannot read ${root}: ${err.message}`);
      return 2;
    }
  }
  files.sort();
  if (files.length === 0) {
    console.error(`parse-bicep: no .bicep files found under ${roots.join(', ')}`);
    return 2;
  }

  await Parser.init();
  const wasm = require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm');
  const Bicep = await Parser.Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(Bicep);

  let problemCount = 0;
  let badFiles = 0;
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    const tree = parser.parse(source);
    const problems = tree.rootNode.hasError ? findProblems(tree) : findStyleProblems(tree);
    if (problems.length > 0) {
      badFiles += 1;
      problemCount += problems.length;
      for (const { node, kind } of problems) {
        const { row, column } = node.startPosition;
        const near = snippet(source, node);
        console.log(`${file}:${row + 1}:${column + 1}: ${kind}${near ? ` near '${near}'` : ''}`);
      }
    }
    tree.delete();
  }
  parser.delete();

  if (problemCount > 0) {
    console.log(`parse-bicep: FAILED: ${problemCount} problem(s) in ${badFiles} of ${files.length} Bicep file(s)`);
    return 1;
  }
  console.log(`parse-bicep: OK: ${files.length} Bicep file(s) parsed without ERROR or MISSING nodes; every param has @description; outputs last`);
  return 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err) => {
    console.error(`parse-bicep: internal error: ${err.stack ?? err}`);
    process.exitCode = 2;
  },
);
