import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { readPrismaSchema, type PrismaField, type PrismaModel, type PrismaSchema } from "./read-prisma-schema.js";

// The migrations are written by hand (Prisma's schema engine cannot run offline here); this test
// is the review: the migrated database must be what `prisma migrate dev` would make of schema.prisma.

const schemaPath = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));
let testDb: TestDatabase;
let client: pg.Client;
let schema: PrismaSchema;

before(async () => {
  schema = await readPrismaSchema(schemaPath);
  testDb = await createTestDatabase();
  client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
});

after(async () => {
  await client.end();
  await testDb.drop();
});

const referentialActions: Record<string, string> = { Cascade: "c", Restrict: "r", NoAction: "a", SetNull: "n", SetDefault: "d" };

function expectedType(field: PrismaField, schema: PrismaSchema): string {
  let type: string;
  if (schema.enums.has(field.type)) type = `"${field.type}"`;
  else if (field.type === "String") type = field.nativeType === "Uuid" ? "uuid" : "text";
  else if (field.type === "DateTime") {
    const precision = /\((\d+)\)/.exec(field.nativeType ?? "")?.[1] ?? "3";
    type = `timestamp(${precision}) ${field.nativeType?.startsWith("Timestamptz") === true ? "with" : "without"} time zone`;
  } else {
    const scalars: Record<string, string> = { Int: "integer", BigInt: "bigint", Json: "jsonb", Boolean: "boolean", Float: "double precision" };
    type = scalars[field.type] ?? `unknown ${field.type}`;
  }
  return field.list ? `${type}[]` : type;
}

function expectedDefault(field: PrismaField, model: PrismaModel, schema: PrismaSchema): string | null {
  const value = field.defaultValue;
  if (value === null || value === "uuid()") return null;
  if (value === "now()") return "CURRENT_TIMESTAMP";
  if (value === "autoincrement()") return `nextval('${model.table}_${field.column}_seq'::regclass)`;
  if (schema.enums.has(field.type)) return `'${value}'::"${field.type}"`;
  // A string literal ("PENDING") is a text constant in Postgres.
  const text = /^"(.*)"$/.exec(value)?.[1];
  if (text !== undefined && field.type === "String") return `'${text}'::text`;
  return value;
}

async function rows<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  return (await client.query<T>(sql)).rows;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe("the migrations reproduce prisma/schema.prisma", () => {
  test("every enum has the schema's values in order", async () => {
    const found = await rows<{ name: string; labels: string[] }>(
      `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    assert.deepEqual(new Map(found.map((row) => [row.name, row.labels])), schema.enums);
  });

  test("every table has exactly the schema's columns with their types, nullability and defaults", async () => {
    const expected = schema.models.flatMap((model) =>
      model.fields.map(
        (field) =>
          `${model.table}.${field.column} ${expectedType(field, schema)} ${field.optional || field.list ? "NULL" : "NOT NULL"} ` +
          `default=${expectedDefault(field, model, schema)}`,
      ),
    );
    const found = await rows<{ line: string }>(
      `SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' ||
              CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END || ' default=' ||
              coalesce(pg_get_expr(d.adbin, d.adrelid), 'null') AS line
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
          AND c.relname <> '_prisma_migrations'`,
    );
    assert.deepEqual(found.map((row) => row.line).sort(byText), expected.sort(byText));
  });

  test("primary keys, unique constraints and indexes (with their sort order) carry Prisma's names", async () => {
    const expected = schema.models.flatMap((model) => {
      const name = (columns: string[], suffix: string): string =>
        `${model.table}_${columns.map((column) => column.replace(" DESC", "")).join("_")}_${suffix}`;
      const definition = (unique: boolean, indexName: string, columns: string[]): string =>
        `CREATE ${unique ? "UNIQUE " : ""}INDEX ${indexName} ON public.${model.table} USING btree (${columns.join(", ")})`;
      return [
        definition(true, `${model.table}_pkey`, model.primaryKey),
        ...model.uniques.map((columns) => definition(true, name(columns, "key"), columns)),
        ...model.indexes.map((columns) => definition(false, name(columns, "idx"), columns)),
      ];
    });
    const found = await rows<{ definition: string }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'`,
    );
    assert.deepEqual(found.map((row) => row.definition).sort(byText), expected.sort(byText));
  });

  test("foreign keys carry Prisma's names and the schema's onDelete and onUpdate", async () => {
    const expected = schema.models.flatMap((model) => {
      const target = (name: string): string => schema.models.find((candidate) => candidate.name === name)?.table ?? name;
      return model.relations.map(
        (relation) =>
          `${model.table}_${relation.columns.join("_")}_fkey ${model.table}(${relation.columns.join(",")}) -> ` +
          `${target(relation.targetModel)}(${relation.references.join(",")}) ` +
          `delete=${referentialActions[relation.onDelete]} update=${referentialActions[relation.onUpdate]}`,
      );
    });
    const found = await rows<{ line: string }>(
      `SELECT con.conname || ' ' || src.relname || '(' ||
              (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num) || ') -> ' ||
              dst.relname || '(' ||
              (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num) || ') ' ||
              'delete=' || con.confdeltype::text || ' update=' || con.confupdtype::text AS line
         FROM pg_constraint con
         JOIN pg_class src ON src.oid = con.conrelid
         JOIN pg_class dst ON dst.oid = con.confrelid
        WHERE con.contype = 'f'`,
    );
    assert.deepEqual(found.map((row) => row.line).sort(byText), expected.sort(byText));
  });
});
