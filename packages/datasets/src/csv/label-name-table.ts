/**
 * Categorical label names seen while reading, each given a provisional id in order of first
 * appearance; `finish` renumbers them by the names' code-point order.
 */
export class LabelNameTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The provisional id of `name`, adding it when new. */
  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /**
   * Rewrites `labels` (provisional ids) in place to final ids and returns the names by final id:
   * id k is the k-th distinct name in code-point order.
   */
  finish(labels: Int32Array): string[] {
    const sorted = [...this.names].sort(compareCodePoints);
    const finalIds = new Int32Array(this.names.length);
    sorted.forEach((name, finalId) => {
      finalIds[this.ids.get(name) ?? 0] = finalId;
    });
    for (let i = 0; i < labels.length; i++) labels[i] = finalIds[labels[i] ?? 0] ?? 0;
    return sorted;
  }
}

/**
 * Orders strings by Unicode code points. JavaScript's default sort compares UTF-16 code units,
 * which puts characters beyond U+FFFF (surrogate pairs, 0xD800-0xDFFF) before U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000-U+FFFF, keeping every other code unit's order. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
