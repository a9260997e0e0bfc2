/** A seeded source of floats in [0, 1) whose position can be saved and restored (checkpoints). */
export interface SeededRandom {
  (): number;
  /** The generator's state: where the stream is. */
  getState(): number;
  /** Moves the stream to a state `getState` returned. */
  setState(state: number): void;
}

/**
 * A small seeded PRNG (mulberry32): returns a function yielding floats in [0, 1). Enough for
 * shuffling; not for cryptography. Its state is one 32-bit integer.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, {
    getState: () => state,
    setState: (saved: number) => {
      state = saved >>> 0;
    },
  });
}

/** Fisher-Yates shuffle of `values` in place, driven by `random`. */
export function shuffleInPlace(values: Int32Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = values[i] ?? 0;
    values[i] = values[j] ?? 0;
    values[j] = tmp;
  }
}
