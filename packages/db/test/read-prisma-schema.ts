import { readFile } from "node:fs/promises";

/** The parts of schema.prisma that decide the SQL schema, read by a small parser for the subset this repository uses. */
export interface PrismaSchema {
  enums: Map<string, string[]>;
  models: PrismaModel[];
}

export interface PrismaModel {
  name: string;
  table: string;
  fields: PrismaField[];
  /** Column lists of @@id, or of the single @id field. */
  primaryKey: string[];
  /** Column lists of @@unique and @unique. */
  uniques: string[][];
  /** Column lists of @@index, each column with " DESC" when sorted descending. */
  indexes: string[][];
  relations: { columns: string[]; targetModel: string; references: string[]; onDelete: string; onUpdate: string }[];
}

export interface PrismaField {
  name: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  /** e.g. `Uuid`, `Timestamptz(3)`; null without @db. */
  nativeType: string | null;
  /** The @default argument as written, e.g. `now()`, `0`, `QUEUED`. */
  defaultValue: string | null;
}

const blockPattern = /^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm;

export async function readPrismaSchema(path: string): Promise<PrismaSchema> {
  const text = (await readFile(path, "utf8")).replace(/^\s*\/\/.*$/gm, "");
  const enums = new Map<string, string[]>();
  const blocks: { name: string; body: string }[] = [];
  for (const match of text.matchAll(blockPattern)) {
    const [, kind, name = "", body = ""] = match;
    if (kind === "enum") enums.set(name, body.split(/\s+/).filter((word) => word !== ""));
    else blocks.push({ name, body });
  }
  const modelNames = new Set(blocks.map((block) => block.name));
  const models = blocks.map((block) => parseModel(block.name, block.body, modelNames));
  // Relations name fields; turn them into columns now that every model is known.
  for (const model of models) {
    for (const relation of model.relations) {
      const target = models.find((candidate) => candidate.name === relation.targetModel);
      relation.columns = relation.columns.map((field) => columnOf(model, field));
      relation.references = relation.references.map((field) => columnOf(target, field));
    }
  }
  return { enums, models };
}

function parseModel(name: string, body: string, modelNames: Set<string>): PrismaModel {
  const model: PrismaModel = { name, table: name, fields: [], primaryKey: [], uniques: [], indexes: [], relations: [] };
  const blockAttributes: string[] = [];
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("@@")) {
      blockAttributes.push(line);
      continue;
    }
    const [fieldName = "", typeToken = "", ...rest] = line.split(/\s+/);
    const attributes = rest.join(" ");
    const type = typeToken.replace(/[?[\]]/g, "");
    if (modelNames.has(type)) {
      const relation = /@relation\(fields:\s*\[([^\]]*)\],\s*references:\s*\[([^\]]*)\](?:,\s*onDelete:\s*(\w+))?(?:,\s*onUpdate:\s*(\w+))?/.exec(attributes);
      if (relation) {
        model.relations.push({
          columns: splitList(relation[1]),
          targetModel: type,
          references: splitList(relation[2]),
          onDelete: relation[3] ?? (typeToken.endsWith("?") ? "SetNull" : "Restrict"),
          onUpdate: relation[4] ?? "Cascade",
        });
      }
      continue;
    }
    const field: PrismaField = {
      name: fieldName,
      column: /@map\("([^"]+)"\)/.exec(attributes)?.[1] ?? fieldName,
      type,
      optional: typeToken.endsWith("?"),
      list: typeToken.endsWith("[]"),
      nativeType: /@db\.(\w+(?:\(\d+\))?)/.exec(attributes)?.[1] ?? null,
      defaultValue: /@default\(((?:[^()]|\(\))*)\)/.exec(attributes)?.[1] ?? null,
    };
    model.fields.push(field);
    if (/@id\b/.test(attributes)) model.primaryKey = [field.column];
    if (/@unique\b/.test(attributes)) model.uniques.push([field.column]);
  }
  for (const attribute of blockAttributes) {
    const map = /^@@map\("([^"]+)"\)/.exec(attribute);
    if (map?.[1] !== undefined) model.table = map[1];
    const list = /^@@(id|unique|index)\(\[(.*)\]\)/.exec(attribute);
    if (list === null) continue;
    const columns = splitTopLevel(list[2] ?? "").map((entry) => {
      const [, field = entry, sort] = /^(\w+)(?:\(sort:\s*(Asc|Desc)\))?$/.exec(entry) ?? [];
      return columnOf(model, field) + (sort === "Desc" ? " DESC" : "");
    });
    if (list[1] === "id") model.primaryKey = columns;
    else if (list[1] === "unique") model.uniques.push(columns);
    else model.indexes.push(columns);
  }
  return model;
}

function columnOf(model: PrismaModel | undefined, fieldName: string): string {
  return model?.fields.find((field) => field.name === fieldName)?.column ?? fieldName;
}

function splitList(list: string | undefined): string[] {
  return (list ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "");
}

/** Splits `a, b(sort: Desc), c` on the commas outside parentheses. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of list) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}
