import { TrainyardError } from "./trainyard-error.js";

/** Where in an uploaded file a problem was found. */
export interface FileLocation {
  file?: string;
  byteOffset?: number;
  /** 1-based line or record number. */
  row?: number;
  /** 1-based column number. */
  column?: number;
}

/** An uploaded dataset file is malformed; the message says what and `location` says where. */
export class DatasetFormatError extends TrainyardError {
  readonly statusCode = 400;
  constructor(
    message: string,
    readonly location: FileLocation = {},
  ) {
    super(describe(message, location));
  }
}

function describe(message: string, location: FileLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(`file ${location.file}`);
  if (location.byteOffset !== undefined) parts.push(`byte offset ${location.byteOffset}`);
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  return parts.length === 0 ? message : `${message} (${parts.join(", ")})`;
}
