import { DatasetFormatError } from "@trainyard/domain";
import type { ZipEntryInfo } from "./read-zip-entries.js";

/** One image of the archive with its label id. */
export interface ImageSample {
  /** Entry path inside the zip (used in error locations). */
  path: string;
  label: number;
}

/** The classes found in an archive's folders and its images in a deterministic order. */
export interface ClassFolderLayout {
  /** Class folder names in code-point order; the index is the label id. */
  classNames: string[];
  /** Samples ordered by label, then by entry path (code-point order). */
  samples: ImageSample[];
  /** Sum of the images' declared uncompressed sizes, in bytes. */
  declaredBytes: number;
}

const imageExtension = /\.(png|jpe?g)$/i;
const layoutHint = "expected <class>/<file>.png|.jpg|.jpeg, optionally all under one top-level folder";

/**
 * Maps archive entries laid out as `<class>/<file>.png|.jpg|.jpeg` (optionally under one common
 * top-level folder) to labelled samples. Directories, `__MACOSX/` and dotfiles are ignored.
 *
 * @throws DatasetFormatError naming the entry: unsupported extension or compression, a duplicate
 *   entry, a file outside a class folder or nested too deeply; or no images / fewer than 2 classes.
 */
export function resolveClassFolders(entries: readonly ZipEntryInfo[]): ClassFolderLayout {
  const files = entries.filter((entry) => !isIgnored(entry.name));
  checkExtensions(files);
  if (files.length === 0) throw new DatasetFormatError(`the zip contains no images: ${layoutHint}`);

  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.name)) throw new DatasetFormatError("duplicate entry in the zip", { file: file.name });
    seen.add(file.name);
    if (file.compression !== 0 && file.compression !== 8) {
      throw new DatasetFormatError(
        `unsupported zip compression method ${file.compression}: only stored (0) and deflate (8) are supported`,
        { file: file.name },
      );
    }
  }

  const root = commonRoot(files.map((file) => file.name.split("/")));
  const byClass = new Map<string, ZipEntryInfo[]>();
  for (const file of files) {
    const parts = file.name.split("/").slice(root === undefined ? 0 : 1);
    if (parts.length < 2) throw new DatasetFormatError(`file is not inside a class folder: ${layoutHint}`, { file: file.name });
    if (parts.length > 2) throw new DatasetFormatError(`file is nested too deeply: ${layoutHint}`, { file: file.name });
    const className = parts[0] ?? "";
    const members = byClass.get(className);
    if (members === undefined) byClass.set(className, [file]);
    else members.push(file);
  }

  const classNames = [...byClass.keys()].sort(compareCodePoints);
  if (classNames.length < 2) {
    const folder = `${root === undefined ? "" : `${root}/`}${classNames[0] ?? ""}/`;
    throw new DatasetFormatError(`found only 1 class folder, need at least 2 (one folder per class)`, { file: folder });
  }

  const samples: ImageSample[] = [];
  let declaredBytes = 0;
  classNames.forEach((className, label) => {
    const keyed = (byClass.get(className) ?? []).map((file) => ({ file, key: Buffer.from(file.name, "utf8") }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    for (const { file } of keyed) {
      samples.push({ path: file.name, label });
      declaredBytes += file.originalSize;
    }
  });
  return { classNames, samples, declaredBytes };
}

function isIgnored(name: string): boolean {
  if (name.endsWith("/")) return true;
  return name.split("/").some((part) => part === "__MACOSX" || part.startsWith("."));
}

function checkExtensions(files: readonly ZipEntryInfo[]): void {
  const unsupported = files.filter((file) => !imageExtension.test(file.name)).map((file) => file.name);
  const first = unsupported[0];
  if (first === undefined) return;
  const shown = unsupported.slice(0, 5).map((name) => JSON.stringify(name)).join(", ");
  const more = unsupported.length > 5 ? ` and ${unsupported.length - 5} more` : "";
  throw new DatasetFormatError(
    `unsupported file type: only .png, .jpg and .jpeg images are accepted, found ${unsupported.length} other file(s): ${shown}${more}`,
    { file: first },
  );
}

/** The single top-level folder every file sits under, when there is one and some file sits deeper. */
function commonRoot(paths: readonly string[][]): string | undefined {
  const first = paths[0]?.[0];
  if (first === undefined) return undefined;
  const shared = paths.every((parts) => parts.length >= 2 && parts[0] === first);
  const deeper = paths.some((parts) => parts.length >= 3);
  return shared && deeper ? first : undefined;
}

/** Code-point order (UTF-8 byte order), independent of locale and of UTF-16 surrogates. */
function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
