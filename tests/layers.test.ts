// The layers of docs/ARCHITECTURE.md hold: no file of src/ imports one of a higher layer, except
// the imports listed here, which wait for a file to move (scripts/layers.mjs prints them).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importsOf, layerOf, unplacedFiles, upwardImports } from '../scripts/layers.mjs';

const SRC = path.resolve(__dirname, '..', 'src');

/**
 * Classification by body asks whether a middleware validates, which validation.ts answers with
 * the request's shape checks: `isValidationCall` moves to libraries/ with the validation modules.
 */
const WAITING_FOR_A_MOVE = ['analysis/express/behaviour.ts -> analysis/validation.ts'];

describe('layers of src/', () => {
  const edges = importsOf(SRC);

  it('places every file of src/ in a layer', () => {
    expect(unplacedFiles(SRC)).toEqual([]);
  });

  it('finds the imports of a file, type-only ones marked', () => {
    expect(edges).toContainEqual({ from: 'analysis/engine/objects.ts', to: 'analysis/file-index.ts', typeOnly: true });
    expect(edges).toContainEqual({ from: 'analysis/engine/objects.ts', to: 'analysis/file-index.ts', typeOnly: false });
    expect(layerOf('analysis/engine/words.ts')).toBeLessThan(layerOf('analysis/express/types.ts'));
  });

  it('imports from a lower layer only, but for the imports that wait for a file to move', () => {
    expect(upwardImports(edges).map((edge) => `${edge.from} -> ${edge.to}`)).toEqual(WAITING_FOR_A_MOVE);
  });

  it('has no import cycle between files', () => {
    expect(importCycles(edges)).toEqual([]);
  });
});
