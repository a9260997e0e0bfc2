/** 0: not allowed in a decimal number; 1: allowed (sign, point, exponent, blank); 2: digit. */
const charKinds = new Uint8Array(128);
for (const c of "+-.eE \t") charKinds[c.charCodeAt(0)] = 1;
for (let d = 0; d <= 9; d++) charKinds[48 + d] = 2;

/** Exact powers of ten (every 10^k up to 10^22 is exactly representable as a double). */
const powersOfTen = Array.from({ length: 23 }, (_, k) => 10 ** k);

const space = 32;
const tab = 9;
const plus = 43;
const minus = 45;
const point = 46;
const zero = 48;

/**
 * The value of `text.slice(start, end)` read as a decimal number (`12`, `-0.5`, `1e-3`, with
 * optional surrounding spaces or tabs), or NaN when it is not one: empty, blank, hex,
 * `Infinity`, letters. A huge exponent gives ±Infinity, which the caller reports as out of range.
 * Gives exactly what `Number()` gives for the accepted syntax.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;

  // Fast path, no allocation: [sign] digits [. digits] with at most 15 significant digits. The
  // integer mantissa and 10^k are then exact doubles, and one IEEE division rounds correctly,
  // which is what Number() does.
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === minus;
  if (negative || c === plus) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (; i < end; i++) {
    c = text.charCodeAt(i) - zero;
    if (c < 0 || c > 9) break;
    mantissa = mantissa * 10 + c;
    digits++;
  }
  if (i < end && text.charCodeAt(i) === point) {
    for (i++; i < end; i++) {
      c = text.charCodeAt(i) - zero;
      if (c < 0 || c > 9) break;
      mantissa = mantissa * 10 + c;
      digits++;
      fractionDigits++;
    }
  }
  if (i === end && digits > 0 && digits <= 15) {
    const value = fractionDigits === 0 ? mantissa : mantissa / (powersOfTen[fractionDigits] ?? 1);
    return negative ? -value : value;
  }
  return parseDecimalSlowly(text, start, end);
}

/** Exponents, long mantissas and anything invalid: check the characters, then use Number(). */
function parseDecimalSlowly(text: string, start: number, end: number): number {
  let hasDigit = false;
  for (let i = start; i < end; i++) {
    const kind = charKinds[text.charCodeAt(i)];
    // Codes beyond the table (non-ASCII) read as undefined.
    if (kind === undefined || kind === 0) return NaN;
    if (kind === 2) hasDigit = true;
  }
  // Only decimal syntax is left for Number(), which rejects what remains invalid ("1-2", "1e").
  return hasDigit ? Number(text.slice(start, end)) : NaN;
}

function isBlank(c: number): boolean {
  return c === space || c === tab;
}
