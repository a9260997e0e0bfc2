/**
 * A stream of standard normal noise (Box-Muller over `random`), `rows * latentDim` values per
 * call: the same `random` sequence gives the same noise on every backend.
 */
export function createGanNoise(random: () => number): (rows: number, latentDim: number) => Float32Array {
  return (rows, latentDim) => {
    const values = new Float32Array(rows * latentDim);
    for (let i = 0; i < values.length; i += 2) {
      // 1 - random() is in (0, 1], so the log is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - random()));
      const angle = 2 * Math.PI * random();
      values[i] = radius * Math.cos(angle);
      if (i + 1 < values.length) values[i + 1] = radius * Math.sin(angle);
    }
    return values;
  };
}
