import { pino, type Logger } from "pino";

/**
 * The process's root logger: JSON lines, pretty-printed only when stdout is a terminal and
 * pino-pretty is installed (a dev dependency).
 */
export function createLogger(options: { level: string; name: string }): Logger {
  const pretty = process.stdout.isTTY === true && canResolve("pino-pretty");
  return pino({
    name: options.name,
    level: options.level,
    ...(pretty ? { transport: { target: "pino-pretty", options: { colorize: true } } } : {}),
  });
}

function canResolve(specifier: string): boolean {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}
