#!/usr/bin/env node
// Prints the imports of src/ that run from a lower layer to a higher one, and the import cycles
// between files. The layers are those of docs/ARCHITECTURE.md, lowest first; a file belongs to the
// first layer one of whose paths it starts with. Exits 1 when a file of src/ is in no layer.
//
//   node scripts/layers.mjs            # the upward imports and the cycles
//   node scripts/layers.mjs --graph    # every import, with the layers of both ends
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The layers, lowest first, each with the paths (below src/) of its files and folders. */
export const LAYERS = [
  ['engine', ['meta.ts', 'analysis/engine/']],
  ['project scope', ['analysis/cross-file/']],
  ['libraries', ['analysis/libraries/']],
  ['express model', ['analysis/express/']],
  ['request', ['analysis/request/']],
  ['rule facts', ['analysis/uses/', 'analysis/authorization/', 'analysis/headers/', 'analysis/outbound/', 'analysis/rate-limit/', 'analysis/secrets/']],
  ['rules', ['util/', 'rules/']],
  ['plugin', ['configs/', 'index.ts']],
  ['audit', ['audit/']],
];

/** The layer of a file (a path below src/), as its index in LAYERS; -1 when it has none. */
export function layerOf(file) {
  return LAYERS.findIndex(([, paths]) => paths.some((prefix) => (prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix)));
}

function sourceFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full, base);
    return entry.name.endsWith('.ts') ? [path.relative(base, full).split(path.sep).join('/')] : [];
  });
}

/** Every relative import and re-export of each file below `srcDir`: `{ from, to, typeOnly }`, paths below srcDir. */
export function importsOf(srcDir) {
  const edges = [];
  for (const file of sourceFiles(srcDir).sort()) {
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    for (const match of text.matchAll(/^(import|export)(\s+type)?\s[^;'"]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[3]));
      if (target.startsWith('..')) continue;
      const to = existsSync(path.join(srcDir, `${target}.ts`)) ? `${target}.ts` : `${target}/index.ts`;
      edges.push({ from: file, to, typeOnly: match[2] !== undefined });
    }
  }
  return edges;
}

/** The imports whose target lies in a higher layer than the importing file. */
export function upwardImports(edges) {
  return edges.filter((edge) => layerOf(edge.to) > layerOf(edge.from));
}

/** The files of src/ that no layer holds. */
export function unplacedFiles(srcDir) {
  return sourceFiles(srcDir).filter((file) => layerOf(file) < 0);
}

/** The import cycles between files (strongly connected components of more than one file), type-only imports left out. */
export function importCycles(edges) {
  const next = new Map();
  for (const { from, to, typeOnly } of edges) {
    if (typeOnly) continue;
    if (!next.has(from)) next.set(from, []);
    next.get(from).push(to);
  }
  const order = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  let counter = 0;
  const visit = (node) => {
    order.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), order.get(target)));
      }
    }
    if (low.get(node) === order.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!order.has(node)) visit(node);
  return cycles;
}

/** The folder a file counts under: `analysis/express/`, `rules/`; the flat files of analysis/ as `analysis/`. */
export function folderOf(file) {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash + 1);
}

/** Pairs of folders that import each other, with the number of imports each way (type-only ones included). */
export function folderCycles(edges) {
  const counts = new Map();
  for (const { from, to } of edges) {
    const key = `${folderOf(from)}\0${folderOf(to)}`;
    if (folderOf(from) !== folderOf(to)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const pairs = [];
  for (const [key, forward] of counts) {
    const [a, b] = key.split('\0');
    const backward = counts.get(`${b}\0${a}`);
    if (backward !== undefined && a < b) pairs.push({ a, b, forward, backward });
  }
  return pairs.sort((x, y) => (x.a + x.b).localeCompare(y.a + y.b));
}

function describe(edge) {
  const name = (file) => `${file} (${LAYERS[layerOf(file)]?.[0] ?? 'no layer'})`;
  return `${name(edge.from)} -> ${name(edge.to)}${edge.typeOnly ? ' [type only]' : ''}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const edges = importsOf(srcDir);
  if (process.argv.includes('--graph')) {
    for (const edge of edges) console.log(describe(edge));
  } else {
    const upward = upwardImports(edges);
    console.log(`${upward.length} import(s) from a lower layer to a higher one`);
    for (const edge of upward) console.log(`  ${describe(edge)}`);
    const cycles = importCycles(edges);
    console.log(`${cycles.length} import cycle(s) between files`);
    for (const cycle of cycles) console.log(`  ${cycle.join(' <-> ')}`);
    const folders = folderCycles(edges);
    console.log(`${folders.length} pair(s) of folders that import each other`);
    for (const { a, b, forward, backward } of folders) console.log(`  ${a || '(src)'} -> ${b}: ${forward}, back: ${backward}`);
  }
  const unplaced = unplacedFiles(srcDir);
  for (const file of unplaced) console.log(`no layer: ${file}`);
  process.exitCode = unplaced.length > 0 ? 1 : 0;
}
