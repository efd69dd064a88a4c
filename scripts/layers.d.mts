/** An import or re-export of one file of src/ from another, both as paths below src/. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}
/** The layers, lowest first, each with the paths (below src/) of its files and folders. */
export const LAYERS: ReadonlyArray<readonly [string, readonly string[]]>;
/** The layer of a file (a path below src/), as its index in LAYERS; -1 when it has none. */
export function layerOf(file: string): number;
/** Every relative import and re-export of each file below `srcDir`. */
export function importsOf(srcDir: string): ImportEdge[];
/** The imports whose target lies in a higher layer than the importing file. */
export function upwardImports(edges: readonly ImportEdge[]): ImportEdge[];
/** The files of src/ that no layer holds. */
export function unplacedFiles(srcDir: string): string[];
/** The import cycles between files, type-only imports left out. */
export function importCycles(edges: readonly ImportEdge[]): string[][];
/** The folder a file counts under. */
export function folderOf(file: string): string;
/** Pairs of folders that import each other, with the number of imports each way. */
export function folderCycles(edges: readonly ImportEdge[]): { a: string; b: string; forward: number; backward: number }[];
