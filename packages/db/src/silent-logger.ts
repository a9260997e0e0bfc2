import { pino, type Logger } from "pino";

/** The logger used when a caller passes none: logs nothing. */
export const silentLogger: Logger = pino({ enabled: false });
