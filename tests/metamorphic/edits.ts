/** A text edit: replace [start, end) of the original with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A region cut from one place and appended at the end of the file, for offset mapping. */
export interface Move {
  start: number;
  end: number;
  /** Where the region's first character lands in the new text. */
  target: number;
}

export interface EditedCode {
  code: string;
  /** Maps an offset of the original text to the offset of the same character in the new text. */
  mapOffset(offset: number): number;
}

/** Applies non-overlapping edits; `moves` name regions that an edit cut and a later edit appended. */
export function applyEdits(original: string, edits: readonly Edit[], moves: readonly Move[] = []): EditedCode {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) throw new Error('overlapping edits');
  }
  let code = '';
  let cursor = 0;
  for (const edit of sorted) {
    code += original.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  code += original.slice(cursor);
  const shiftBefore = (offset: number): number => {
    let shift = 0;
    for (const edit of sorted) {
      if (edit.end <= offset && !(edit.start === edit.end && edit.start === offset)) shift += edit.text.length - (edit.end - edit.start);
      else if (edit.start === edit.end && edit.start === offset) shift += edit.text.length;
    }
    return offset + shift;
  };
  return {
    code,
    mapOffset(offset) {
      const move = moves.find((candidate) => candidate.start <= offset && offset < candidate.end);
      return move ? move.target + (offset - move.start) : shiftBefore(offset);
    },
  };
}

/** 1-based line of an offset. */
export function lineOf(code: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < code.length; i++) if (code.charCodeAt(i) === 10) line++;
  return line;
}

/** Offset of a 1-based line and column. */
export function offsetOf(code: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = code.indexOf('\n', offset);
    if (next === -1) return code.length;
    offset = next + 1;
  }
  return offset + column - 1;
}
