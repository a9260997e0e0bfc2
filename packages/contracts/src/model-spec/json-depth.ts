/**
 * Whether a parsed JSON value nests at most `maxDepth` levels and has at most `maxNodes` values.
 * Iterative, so a hostile document cannot overflow the stack while it is being checked.
 */
export function isJsonWithin(value: unknown, limits: { maxDepth: number; maxNodes: number }): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (++nodes > limits.maxNodes || depth > limits.maxDepth) return false;
    if (current !== null && typeof current === "object") {
      for (const child of Object.values(current)) stack.push([child, depth + 1]);
    }
  }
  return true;
}
