/**
 * A random orthogonal [rows, cols] matrix (row-major), as Keras's Orthogonal initializer draws it:
 * orthonormal columns when rows >= cols, orthonormal rows otherwise. Computed with modified
 * Gram-Schmidt in plain JS; tfjs's own Orthogonal runs a tensor QR that takes about 10 s for one
 * 256-unit LSTM on the wasm backend, and warns on the console for any matrix over 2,000 values.
 *
 * @param random Uniform [0, 1) source (seeded for reproducible weights).
 */
export function orthogonalValues(rows: number, cols: number, random: () => number, gain = 1): Float32Array {
  const count = Math.min(rows, cols);
  const length = Math.max(rows, cols);
  const vectors: Float64Array[] = [];
  const normal = createNormal(random);
  while (vectors.length < count) {
    const v = Float64Array.from({ length }, normal);
    for (const u of vectors) {
      let dot = 0;
      for (let i = 0; i < length; i++) dot += (u[i] ?? 0) * (v[i] ?? 0);
      for (let i = 0; i < length; i++) v[i] = (v[i] ?? 0) - dot * (u[i] ?? 0);
    }
    let norm = 0;
    for (let i = 0; i < length; i++) norm += (v[i] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    // A draw (numerically) inside the span of the previous ones: draw again.
    if (norm < 1e-6) continue;
    for (let i = 0; i < length; i++) v[i] = (v[i] ?? 0) / norm;
    vectors.push(v);
  }
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = rows >= cols ? vectors[c]?.[r] : vectors[r]?.[c];
      values[r * cols + c] = gain * (value ?? 0);
    }
  }
  return values;
}

/** Standard normal draws by the Box-Muller transform. */
function createNormal(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - random();
    const v = random();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}
