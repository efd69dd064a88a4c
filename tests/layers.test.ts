// The layers of docs/ARCHITECTURE.md hold: no file of src/ imports one of a higher layer
// (scripts/layers.mjs prints any that does).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importsOf, layerOf, unplacedFiles, upwardImports } from '../scripts/layers.mjs';

const SRC = path.resolve(__dirname, '..', 'src');

describe('layers of src/', () => {
  const edges = importsOf(SRC);

  it('places every file of src/ in a layer', () => {
    expect(unplacedFiles(SRC)).toEqual([]);
  });

  it('finds the imports of a file, type-only ones marked', () => {
    expect(edges).toContainEqual({ from: 'analysis/engine/objects.ts', to: 'analysis/engine/file-index.ts', typeOnly: true });
    expect(edges).toContainEqual({ from: 'analysis/engine/objects.ts', to: 'analysis/engine/file-index.ts', typeOnly: false });
    expect(layerOf('analysis/engine/words.ts')).toBeLessThan(layerOf('analysis/express/types.ts'));
  });

  it('imports from its own layer or a lower one only', () => {
    expect(upwardImports(edges).map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(importCycles(edges)).toEqual([]);
  });
});
