import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDatabase } from '../../test/harness.ts';
import { projectRoot } from '../paths.ts';
import { type Database, type Db, rows } from './client.ts';

/**
 * Citus readiness of the migrated schema (docs/scaling.md, "Past one PostgreSQL: Citus"). Every table of the
 * `public` schema is distributed by `tenant_id` and co-located, unless it is named below as a reference table.
 * Citus's rules for that, checked here on the catalog of the migrated database:
 * - the distribution column exists, is NOT NULL and has the type of every other one (co-location);
 * - every primary key, unique constraint, unique index and exclusion constraint includes it — here: leads with
 *   it, so that a lookup by the key names its shard;
 * - a foreign key between distributed tables pairs tenant_id with tenant_id (same ordinal on both sides), one
 *   into a reference table pairs tenant_id with its tenant key (tenants.id) or names a plain lookup table;
 *   a reference table references only reference tables;
 * - no ON DELETE SET NULL / SET DEFAULT and no ON UPDATE SET NULL / SET DEFAULT / CASCADE on a foreign key that
 *   includes the distribution column (Citus refuses them; PostgreSQL 15's `SET NULL (col)` too).
 * The pg-boss job queue lives in schema `pgboss` and stays on the coordinator as local tables: not checked.
 */

/** Tables replicated to every node instead of distributed, with their tenant key if they have one. */
const REFERENCE_TABLES: Record<string, { key?: string; reason: string }> = {
  tenants: {
    key: 'id',
    reason:
      'the distribution root: its id is the tenant id. A reference table (a full copy on every node) because its ' +
      'slug is unique across all tenants (the sign-in picks a business by it), which Citus can enforce only on a ' +
      'reference table, and because every tenant table joins it and references it: distributed → reference ' +
      'joins and foreign keys stay on the shard. Written rarely (setup, settings), read on every sign-in.',
  },
};

/** Unique keys that need not lead with the tenant key, by table.index, each with its reason. */
const EXEMPT_UNIQUE: Record<string, string> = {
  'tenants.tenants_slug_unique':
    'tenants is a reference table: every node holds all of it, so a unique slug across tenants is enforced ' +
    'there as on one PostgreSQL.',
};

const DISTRIBUTION_COLUMN = 'tenant_id';

interface TableRow {
  table: string;
  tenant_type: string | null;
  tenant_not_null: boolean | null;
  has_pk: boolean;
}
interface UniqueRow {
  table: string;
  index: string;
  kind: string;
  first: string;
  def: string;
}
interface ForeignKeyRow {
  table: string;
  name: string;
  ref_schema: string;
  ref_table: string;
  cols: string;
  ref_cols: string;
  on_delete: string;
  on_update: string;
}

interface Catalog {
  schema: string;
  tables: TableRow[];
  uniques: UniqueRow[];
  foreignKeys: ForeignKeyRow[];
}

/** Reads what Citus cares about from the catalog (pg_catalog works the same on PGlite and PostgreSQL). */
async function readCatalog(db: Db, schema = 'public'): Promise<Catalog> {
  const tables = await rows<TableRow>(
    db,
    sql`select c.relname as "table",
          (select format_type(a.atttypid, a.atttypmod) from pg_attribute a
            where a.attrelid = c.oid and a.attname = ${DISTRIBUTION_COLUMN} and not a.attisdropped) as tenant_type,
          (select a.attnotnull from pg_attribute a
            where a.attrelid = c.oid and a.attname = ${DISTRIBUTION_COLUMN} and not a.attisdropped) as tenant_not_null,
          exists (select 1 from pg_constraint p where p.conrelid = c.oid and p.contype = 'p') as has_pk
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'p') and not c.relispartition
        order by 1`,
  );
  const uniques = await rows<UniqueRow>(
    db,
    sql`select t.relname as "table", ic.relname as "index",
          case coalesce(con.contype::text, '')
            when 'p' then 'primary key' when 'u' then 'unique constraint' when 'x' then 'exclusion constraint'
            else 'unique index' end as kind,
          pg_get_indexdef(i.indexrelid, 1, true) as first, pg_get_indexdef(i.indexrelid) as def
        from pg_index i
        join pg_class ic on ic.oid = i.indexrelid
        join pg_class t on t.oid = i.indrelid
        join pg_namespace n on n.oid = t.relnamespace
        left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = t.oid and con.contype in ('p', 'u', 'x')
        where n.nspname = ${schema} and (i.indisunique or i.indisexclusion)
        order by 1, 2`,
  );
  const foreignKeys = await rows<ForeignKeyRow>(
    db,
    sql`select t.relname as "table", con.conname as name, rn.nspname as ref_schema, r.relname as ref_table,
          (select string_agg(a.attname, ',' order by k.o) from unnest(con.conkey) with ordinality k(attnum, o)
             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as cols,
          (select string_agg(a.attname, ',' order by k.o) from unnest(con.confkey) with ordinality k(attnum, o)
             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as ref_cols,
          con.confdeltype::text as on_delete, con.confupdtype::text as on_update
        from pg_constraint con
        join pg_class t on t.oid = con.conrelid
        join pg_namespace n on n.oid = t.relnamespace
        join pg_class r on r.oid = con.confrelid
        join pg_namespace rn on rn.oid = r.relnamespace
        where n.nspname = ${schema} and con.contype = 'f'
        order by 1, 2`,
  );
  return { schema, tables, uniques, foreignKeys };
}

const ACTION: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** Every way the schema breaks Citus's co-location rules, each as one sentence saying what to change. */
function citusViolations(
  catalog: Catalog,
  reference: Record<string, { key?: string }> = REFERENCE_TABLES,
  exempt: Record<string, string> = EXEMPT_UNIQUE,
): string[] {
  const out: string[] = [];
  const keyOf = (table: string): string | undefined =>
    table in reference ? reference[table].key : DISTRIBUTION_COLUMN;
  const types = new Set<string>();
  for (const t of catalog.tables) {
    if (t.table in reference) continue;
    if (t.tenant_type === null) {
      out.push(
        `${t.table}: no ${DISTRIBUTION_COLUMN} column — add \`${DISTRIBUTION_COLUMN} uuid not null\` (first in its keys) ` +
          'so it can be distributed with the other tenant tables, or, if every tenant shares its rows, name it in ' +
          'REFERENCE_TABLES of src/db/citus.test.ts with the reason',
      );
      continue;
    }
    types.add(t.tenant_type);
    if (!t.tenant_not_null)
      out.push(
        `${t.table}: ${DISTRIBUTION_COLUMN} is nullable — Citus cannot place a row without it; make it NOT NULL`,
      );
    if (!t.has_pk)
      out.push(
        `${t.table}: no primary key — give it one leading with ${DISTRIBUTION_COLUMN}, e.g. (${DISTRIBUTION_COLUMN}, id)`,
      );
  }
  const rootType = catalog.tables.find((t) => t.table === 'tenants') ? 'uuid' : undefined;
  for (const type of types)
    if (rootType && type !== rootType)
      out.push(
        `${DISTRIBUTION_COLUMN} has type ${type} in ${catalog.tables
          .filter((t) => t.tenant_type === type && !(t.table in reference))
          .map((t) => t.table)
          .join(', ')} but ${rootType} elsewhere — co-located tables need one distribution column type`,
      );
  const withoutColumn = new Set(catalog.tables.filter((t) => t.tenant_type === null).map((t) => t.table));
  for (const u of catalog.uniques) {
    const key = keyOf(u.table);
    if (key === undefined || u.first === key || (withoutColumn.has(u.table) && !(u.table in reference))) continue;
    if (`${u.table}.${u.index}` in exempt) continue;
    const columns = u.def.replace(/^.* USING \w+ /, '');
    out.push(
      u.table in reference
        ? `${u.table}: ${u.kind} ${u.index} ${columns} does not lead with ${key} — Citus allows it on a reference ` +
            'table (a full copy on every node), but name it in EXEMPT_UNIQUE of src/db/citus.test.ts with the reason'
        : `${u.table}: ${u.kind} ${u.index} ${columns} does not lead with ${key} — Citus enforces a unique key ` +
            `only within one shard, so it must start with ${key}, e.g. (${key}, …); if the value is looked up ` +
            'before the tenant is known, make the lookup name its tenant (see the tokens in docs/scaling.md)',
    );
  }
  for (const f of catalog.foreignKeys) {
    const what = `${f.table}: foreign key ${f.name} (${f.cols}) → ${f.ref_schema}.${f.ref_table} (${f.ref_cols})`;
    if (f.ref_schema !== catalog.schema) {
      out.push(
        `${what} leaves the ${catalog.schema} schema — its tables stay local on the Citus coordinator and cannot be referenced from distributed tables`,
      );
      continue;
    }
    const cols = f.cols.split(',');
    const refCols = f.ref_cols.split(',');
    const fromReference = f.table in reference;
    const toReference = f.ref_table in reference;
    if (fromReference) {
      if (!toReference)
        out.push(
          `${what}: a reference table cannot reference a distributed table (Citus); reverse the reference or make both reference tables`,
        );
      continue;
    }
    const refKey = keyOf(f.ref_table);
    const at = cols.indexOf(DISTRIBUTION_COLUMN);
    if (refKey !== undefined && (at < 0 || refCols[at] !== refKey))
      out.push(
        `${what} does not carry ${DISTRIBUTION_COLUMN} to ${f.ref_table}.${refKey} — write it as ` +
          `(${DISTRIBUTION_COLUMN}, ${cols.filter((c) => c !== DISTRIBUTION_COLUMN).join(', ')}) → ${f.ref_table} ` +
          `(${refKey}, ${refCols.filter((c) => c !== refKey).join(', ')}) so both rows live on one shard`,
      );
    if (f.on_delete === 'n' || f.on_delete === 'd')
      out.push(
        `${what} is ON DELETE ${ACTION[f.on_delete]} — Citus refuses it on a key that includes ${DISTRIBUTION_COLUMN} (even as SET NULL (col)); make it NO ACTION and clear the column in the service`,
      );
    if (f.on_update === 'n' || f.on_update === 'd' || f.on_update === 'c')
      out.push(
        `${what} is ON UPDATE ${ACTION[f.on_update]} — Citus refuses it on a key that includes ${DISTRIBUTION_COLUMN}; make it NO ACTION`,
      );
  }
  return out;
}

/** The order to distribute in: a table after every table it references (Citus wants the referenced one first). */
function distributionOrder(catalog: Catalog, reference: Record<string, unknown> = REFERENCE_TABLES): string[] {
  const tables = catalog.tables.map((t) => t.table).filter((t) => !(t in reference));
  const refs = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const f of catalog.foreignKeys)
    if (f.table !== f.ref_table && refs.has(f.table) && refs.has(f.ref_table)) refs.get(f.table)!.add(f.ref_table);
  const depth = new Map<string, number>();
  const depthOf = (t: string, seen: string[] = []): number => {
    if (depth.has(t)) return depth.get(t)!;
    if (seen.includes(t)) throw new Error(`foreign keys form a cycle: ${[...seen, t].join(' → ')}`);
    const d = Math.max(-1, ...[...refs.get(t)!].map((r) => depthOf(r, [...seen, t]))) + 1;
    depth.set(t, d);
    return d;
  };
  return tables.sort((a, b) => depthOf(a) - depthOf(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The statements that distribute the schema: reference tables, then tenant tables after what they reference. */
function distributionStatements(catalog: Catalog): string[] {
  const [first, ...rest] = distributionOrder(catalog);
  return [
    ...Object.keys(REFERENCE_TABLES).map((t) => `select create_reference_table('${t}');`),
    `select create_distributed_table('${first}', 'tenant_id', colocate_with => 'none');`,
    ...rest.map((t) => `select create_distributed_table('${t}', 'tenant_id', colocate_with => '${first}');`),
  ];
}

/** The statements docs/scaling.md gives, in its order. */
const documentedStatements = (): string[] =>
  [
    ...readFileSync(join(projectRoot, 'docs', 'scaling.md'), 'utf8').matchAll(
      /^select create_(?:reference|distributed)_table\(.*\);$/gm,
    ),
  ].map((m) => m[0]);

for (const kind of DB_KINDS) {
  describe(`Citus readiness of the migrated schema [${kind}]`, () => {
    let database: Database;
    let catalog: Catalog;
    beforeAll(async () => {
      database = await openTestDatabase(kind);
      catalog = await readCatalog(database.db);
    });
    afterAll(async () => database?.close());

    it('every key leads with tenant_id and every foreign key carries it (exemptions are named, with reasons)', () => {
      expect(catalog.tables.length).toBeGreaterThan(10);
      expect(citusViolations(catalog)).toEqual([]);
      for (const name of Object.keys(REFERENCE_TABLES))
        expect(
          catalog.tables.map((t) => t.table),
          `reference table ${name} exists`,
        ).toContain(name);
      for (const name of Object.keys(EXEMPT_UNIQUE)) {
        const [table, index] = name.split('.');
        expect(
          catalog.uniques.find((u) => u.table === table && u.index === index),
          `exempted ${name} exists`,
        ).toBeDefined();
      }
    });

    it('the secrets looked up before the tenant is known are unique per tenant, the legacy hash index is not unique', () => {
      for (const table of ['sessions', 'api_tokens', 'user_tokens']) {
        const keys = catalog.uniques.filter((u) => u.table === table).map((u) => u.def.replace(/^.* USING \w+ /, ''));
        expect(keys.sort()).toEqual(['(tenant_id, id)', '(tenant_id, token_hash)']);
      }
    });

    it('docs/scaling.md distributes every table, referenced ones first, all in one co-location group', () => {
      const statements = distributionStatements(catalog);
      const order = statements.map((st) => /_table\('(\w+)'/.exec(st)![1]);
      for (const f of catalog.foreignKeys)
        if (f.table !== f.ref_table)
          expect(order.indexOf(f.ref_table), `${f.ref_table} before ${f.table} (${f.name})`).toBeLessThan(
            order.indexOf(f.table),
          );
      expect(
        documentedStatements(),
        `docs/scaling.md must list the statements of the migrated schema; replace its list with:\n${statements.join('\n')}\n`,
      ).toEqual(statements);
    });

    it('finds what Citus would refuse (the token tables before migration 0008, and more)', async () => {
      const db = database.db;
      await db.execute(sql.raw('create schema citus_probe'));
      try {
        for (const ddl of [
          'create table citus_probe.tenants (id uuid primary key, slug text unique)',
          'create table citus_probe.users (tenant_id uuid not null references citus_probe.tenants(id), id uuid not null, primary key (tenant_id, id))',
          // sessions as migration 0000 made it
          `create table citus_probe.sessions (tenant_id uuid not null references citus_probe.tenants(id), id uuid not null,
             user_id uuid not null, token_hash text not null unique, primary key (tenant_id, id),
             foreign key (tenant_id, user_id) references citus_probe.users(tenant_id, id))`,
          'create table citus_probe.notes (tenant_id uuid, id uuid not null, user_id uuid, primary key (id))',
          `alter table citus_probe.notes add constraint notes_user_fk foreign key (tenant_id, user_id)
             references citus_probe.users(tenant_id, id) on delete set null`,
          'alter table citus_probe.notes add constraint notes_user_only_fk foreign key (user_id, tenant_id) references citus_probe.users(tenant_id, id)',
          'create table citus_probe.settings (key text primary key)',
          'create unique index notes_lower_idx on citus_probe.notes (lower(id::text), tenant_id)',
        ])
          await db.execute(sql.raw(ddl));
        const found = citusViolations(await readCatalog(db, 'citus_probe'), REFERENCE_TABLES, EXEMPT_UNIQUE);
        const expected = [
          /^notes: tenant_id is nullable/,
          /^settings: no tenant_id column/,
          /^notes: primary key notes_pkey \(id\) does not lead with tenant_id — Citus enforces/,
          /^notes: unique index notes_lower_idx \(lower\(\(id\)::text\), tenant_id\) does not lead with tenant_id/,
          /^sessions: unique constraint sessions_token_hash_key \(token_hash\) does not lead with tenant_id/,
          /^tenants: unique constraint tenants_slug_key \(slug\) does not lead with id — Citus allows it/, // not the exempted name
          /^notes: foreign key notes_user_fk .* is ON DELETE SET NULL/,
          /^notes: foreign key notes_user_only_fk \(user_id,tenant_id\) → citus_probe\.users \(tenant_id,id\) does not carry tenant_id/,
        ];
        for (const re of expected)
          expect(
            found.filter((m) => re.test(m)),
            String(re),
          ).toHaveLength(1);
        expect(found, found.join('\n')).toHaveLength(expected.length);
      } finally {
        await db.execute(sql.raw('drop schema citus_probe cascade'));
      }
    });
  });
}
