// A small model of a Bicep file built from the tree-sitter-bicep parse tree, enough for the policy
// rules in policy.mjs: params with their decorators, vars, resources and modules with their bodies
// as plain values. A literal (string without interpolation, number, boolean, null, object, array)
// becomes its JavaScript value; anything else becomes an Expr holding its source text, so a rule
// can tell "a fixed value" from "decided at deployment time" and read the expression if it must.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Parser = require('web-tree-sitter');

/** A value the template computes at deployment time (a reference, a call, a ternary, ...). */
export class Expr {
  constructor(node) {
    this.type = node.type;
    this.text = node.text;
    // A ternary keeps both branches as values: a rule can then check each outcome.
    this.branches = node.type === 'ternary_expression'
      ? [valueOf(node.childForFieldName('consequence')), valueOf(node.childForFieldName('alternative'))]
      : [];
  }

  toString() {
    return this.text;
  }
}

let parserPromise;

/** The tree-sitter parser for Bicep, created once. */
export function bicepParser() {
  parserPromise ??= (async () => {
    await Parser.init();
    const language = await Parser.Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

function unquote(node) {
  // A string without interpolation has string_content children only (or none: '').
  if (node.namedChildren.some((c) => c.type === 'interpolation')) {
    return undefined;
  }
  return node.namedChildren
    .filter((c) => c.type === 'string_content' || c.type === 'escape_sequence')
    .map((c) => (c.type === 'escape_sequence' ? c.text.slice(1) : c.text))
    .join('');
}

/** Converts an expression node into a JavaScript value or an Expr. */
export function valueOf(node) {
  if (!node) {
    return undefined;
  }
  switch (node.type) {
    case 'object': {
      const out = {};
      for (const prop of node.namedChildren.filter((c) => c.type === 'object_property')) {
        const [key, value] = prop.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'decorators');
        const name = key.type === 'string' ? unquote(key) : key.text;
        out[name] = valueOf(value);
      }
      return out;
    }
    case 'array':
      return node.namedChildren.filter((c) => c.type !== 'comment').map(valueOf);
    case 'string': {
      const text = unquote(node);
      return text === undefined ? new Expr(node) : text;
    }
    case 'number':
      return Number(node.text);
    case 'boolean':
      return node.text === 'true';
    case 'null':
      return null;
    case 'parenthesized_expression':
      return valueOf(node.namedChildren[0]);
    default:
      return new Expr(node);
  }
}

function decoratorsOf(node) {
  const prev = node.previousNamedSibling;
  const out = {};
  if (!prev || prev.type !== 'decorators') {
    return out;
  }
  for (const decorator of prev.namedChildren) {
    const call = decorator.namedChildren[0];
    const fn = call?.childForFieldName('function') ?? call?.namedChildren[0];
    const args = call?.childForFieldName('arguments') ?? call?.namedChildren[1];
    if (fn) {
      const first = args?.namedChildren[0];
      out[fn.text.split('.').pop()] = first ? valueOf(first) : true;
    }
  }
  return out;
}

/** The body of a resource or module: the object, also inside `if (...)` and `[for ...: ...]`. */
function bodyOf(node) {
  const value = node.namedChildren[node.namedChildren.length - 1];
  if (value.type === 'object') {
    return { body: valueOf(value), condition: null, loop: false };
  }
  if (value.type === 'if_statement') {
    return { body: valueOf(value.namedChildren.find((c) => c.type === 'object')), condition: value.namedChildren[0].text, loop: false };
  }
  if (value.type === 'for_statement') {
    const inner = value.childForFieldName('body') ?? value.namedChildren[value.namedChildren.length - 1];
    if (inner.type === 'if_statement') {
      return { body: valueOf(inner.namedChildren.find((c) => c.type === 'object')), condition: inner.namedChildren[0].text, loop: true };
    }
    return { body: valueOf(inner), condition: null, loop: true };
  }
  return { body: new Expr(value), condition: null, loop: false };
}

/** Parses one Bicep source into { params, vars, resources, modules, outputs, targetScope }. */
export async function bicepModel(source, file) {
  const parser = await bicepParser();
  const tree = parser.parse(source);
  const model = { file, params: new Map(), vars: new Map(), resources: [], modules: [], outputs: [], targetScope: 'resourceGroup', hasError: tree.rootNode.hasError };
  for (const node of tree.rootNode.namedChildren) {
    const name = node.namedChildren[0]?.text;
    switch (node.type) {
      case 'parameter_declaration': {
        const defaultNode = node.namedChildren.length > 2 ? node.namedChildren[node.namedChildren.length - 1] : null;
        model.params.set(name, {
          name,
          type: node.namedChildren[1]?.text,
          decorators: decoratorsOf(node),
          default: defaultNode ? valueOf(defaultNode) : undefined,
        });
        break;
      }
      case 'variable_declaration':
        model.vars.set(name, valueOf(node.namedChildren[node.namedChildren.length - 1]));
        break;
      case 'resource_declaration': {
        const typeNode = node.namedChildren[1];
        const [type, apiVersion] = (unquote(typeNode) ?? '').split('@');
        const between = source.slice(typeNode.endIndex, node.namedChildren[2]?.startIndex ?? typeNode.endIndex);
        model.resources.push({ symbol: name, type, apiVersion, existing: /\bexisting\b/.test(between), line: node.startPosition.row + 1, ...bodyOf(node) });
        break;
      }
      case 'module_declaration':
        model.modules.push({ symbol: name, path: unquote(node.namedChildren[1]), line: node.startPosition.row + 1, ...bodyOf(node) });
        break;
      case 'output_declaration':
        model.outputs.push(name);
        break;
      case 'target_scope_assignment':
        model.targetScope = valueOf(node.namedChildren[0]);
        break;
      default:
        break;
    }
  }
  tree.delete();
  return model;
}

/** Follows a bare identifier to the file's var of that name, once per step, so `probes: apiProbes` reads the array. */
export function resolveVar(model, value, depth = 0) {
  if (value instanceof Expr && value.type === 'identifier' && model.vars.has(value.text) && depth < 5) {
    return resolveVar(model, model.vars.get(value.text), depth + 1);
  }
  return value;
}

/** Every value reachable from `value` (objects and arrays walked depth first), with its key path. */
export function* walk(value, path = []) {
  yield { value, path };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      yield* walk(value[i], [...path, i]);
    }
  } else if (value && typeof value === 'object' && !(value instanceof Expr)) {
    for (const [key, child] of Object.entries(value)) {
      yield* walk(child, [...path, key]);
    }
  }
}

/** The value at a dotted path (`properties.sku.name`), or undefined. */
export function at(value, dotted) {
  let current = value;
  for (const key of dotted.split('.')) {
    if (current === null || current === undefined || current instanceof Expr || typeof current !== 'object') {
      return undefined;
    }
    current = current[key];
  }
  return current;
}
