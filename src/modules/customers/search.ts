import { and, eq, gte, inArray, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../core/context.ts';
import { invalidField } from '../../core/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../core/pagination.ts';
import { ownerFilter } from '../../core/policy.ts';
import { idsWithoutRls, readAsTenant } from '../../db/tenant.ts';
import { tenantSettings } from '../tenants/service.ts';
import { isCjk, kanaKey, normalizeText, queryTokens } from './names.ts';
import { normalizePhone, phoneDigits, reverseDigits } from './phones.ts';
import { summaryFromRow, summarySelect } from './read.ts';
import { customers } from './schema.ts';
import type { CustomerSummaryOut } from './schemas.ts';

/**
 * The one search box and the customer list. Without q: filters + key-based paging in an index order. With q:
 * each kind of match (name, pinyin, initials, kana, phone, phone tail, email, trigram substring/fuzzy) takes a
 * bounded candidate set from its own index, then candidates are ranked exact > prefix > substring > fuzzy.
 */
export const SORTS = ['name', 'created', 'last_interaction', 'last_purchase', 'total_spend'] as const;
export type Sort = (typeof SORTS)[number];

export interface ListQuery {
  q?: string;
  limit: number;
  cursor?: string;
  sort?: Sort;
  order?: 'asc' | 'desc';
  kind?: 'person' | 'organization';
  grade?: string;
  ownerId?: string;
  /** 'true': only unowned customers (the shared pool, 公海). */
  unowned?: 'true' | 'false';
  stage?: string;
  source?: string;
  tags?: string[];
  createdFrom?: Date;
  createdTo?: Date;
  lastPurchaseFrom?: Date;
  lastPurchaseTo?: Date;
  custom?: Record<string, string>;
  archived?: boolean;
}

/** Per-branch candidate cap: enough to rank a page, small enough to stay in index order. */
const CANDIDATES = 100;
const NEG_INF = sql`'-infinity'::timestamptz`;

function sortColumn(sort: Sort): SQL {
  switch (sort) {
    case 'name':
      return sql`${customers.sortKey}`;
    case 'created':
      return sql`${customers.createdAt}`;
    case 'last_interaction':
      return sql`coalesce(${customers.lastInteractionAt}, ${NEG_INF})`;
    case 'last_purchase':
      return sql`coalesce(${customers.lastPurchaseAt}, ${NEG_INF})`;
    case 'total_spend':
      return sql`${customers.totalSpend}`;
  }
}

/**
 * A custom field holds the value (text, date, select), contains it (multi-select) or equals it as a number. Written
 * as containment so the GIN index on `custom` answers it; `->>` would read every customer of the tenant.
 */
function customEquals(key: string, value: string): SQL {
  const shapes: unknown[] = [value, [value]];
  if (/^-?\d+(\.\d+)?$/.test(value)) shapes.push(Number(value));
  return or(...shapes.map((v) => sql`${customers.custom} @> ${JSON.stringify({ [key]: v })}::jsonb`))!;
}

/** Filters every list and search branch shares: tenant, visibility, archived, and the user's filters. */
async function baseConditions(ctx: Ctx, f: ListQuery): Promise<SQL[] | null> {
  const t = ctx.actor.tenantId;
  const visible = ownerFilter(ctx.actor, 'customer.read', await ctx.reach());
  if (visible.kind === 'none') return null;
  const c: SQL[] = [eq(customers.tenantId, t), isNull(customers.mergedIntoId)];
  c.push(f.archived ? isNotNull(customers.archivedAt) : isNull(customers.archivedAt));
  if (visible.kind === 'owners') {
    const own = inArray(customers.ownerId, visible.ownerIds);
    c.push(visible.includeUnowned ? or(own, isNull(customers.ownerId))! : own);
  }
  if (f.kind) c.push(eq(customers.kind, f.kind));
  if (f.grade) c.push(eq(customers.grade, f.grade));
  if (f.ownerId) c.push(eq(customers.ownerId, f.ownerId));
  if (f.unowned === 'true') c.push(isNull(customers.ownerId));
  if (f.stage) c.push(eq(customers.stage, f.stage));
  if (f.source) c.push(eq(customers.source, f.source));
  if (f.tags?.length) c.push(sql`${customers.tags} @> ${sql.param(f.tags)}::text[]`);
  if (f.createdFrom) c.push(gte(customers.createdAt, f.createdFrom));
  if (f.createdTo) c.push(lte(customers.createdAt, f.createdTo));
  if (f.lastPurchaseFrom) c.push(gte(customers.lastPurchaseAt, f.lastPurchaseFrom));
  if (f.lastPurchaseTo) c.push(lte(customers.lastPurchaseAt, f.lastPurchaseTo));
  for (const [key, value] of Object.entries(f.custom ?? {})) c.push(customEquals(key, value));
  return c;
}

/** Where the list's count stops: past it the answer is "10,000+" (counting 1M rows costs ~100 ms; this, ~5). */
export const COUNT_CAP = 10_000;

/** How many customers match the list's filters, counted up to COUNT_CAP (ids only, like the page itself). */
async function boundedCount(ctx: Ctx, base: SQL[]): Promise<{ total: number; totalCapped: boolean }> {
  const [r] = await idsWithoutRls<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from (select 1 from ${customers} where ${and(...base)} limit ${COUNT_CAP + 1}) c`,
  );
  const n = Number(r?.n ?? 0);
  return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}

export type ListPage = Page<CustomerSummaryOut> & { total?: number; totalCapped?: boolean };

export async function listCustomers(ctx: Ctx, f: ListQuery): Promise<ListPage> {
  const none = { data: [], nextCursor: null };
  const base = await baseConditions(ctx, f);
  if (!base) return f.q || f.cursor ? none : { ...none, total: 0, totalCapped: false };
  const q = f.q ? normalizeText(f.q) : '';
  if (!q) {
    // The first page also says how many match; the two id queries run side by side on server PostgreSQL.
    const [page, count] = await Promise.all([
      listKeys(ctx, base, f),
      f.cursor ? Promise.resolve(undefined) : boundedCount(ctx, base),
    ]);
    return { data: await summariesInOrder(ctx, page.ids), nextCursor: page.nextCursor, ...count };
  }
  const found = await searchCandidates(ctx, q, and(...base)!, f);
  if (found.ranked.length === 0) return none;
  return rankedPage(ctx, found, f);
}

const listCursor = z.tuple([z.string().max(300), z.uuid()]);
type ListCursor = z.infer<typeof listCursor>;

/**
 * One page of the list in index order, after the cursor: ids only, as the owner role before the tenant transaction
 * (like the search: tag and custom-field filters are containment, which row-level security keeps off their GIN
 * indexes; the rows are read back under RLS). The key goes to the cursor as text, '-infinity' included.
 */
async function listKeys(ctx: Ctx, base: SQL[], f: ListQuery): Promise<{ ids: string[]; nextCursor: string | null }> {
  const sort = f.sort ?? 'name';
  const dir = f.order ?? (sort === 'name' ? 'asc' : 'desc');
  const col = sortColumn(sort);
  const cond = [...base];
  if (f.tags?.length) {
    const few = await fewTagged(ctx, f.tags);
    if (few?.length === 0) return { ids: [], nextCursor: null };
    if (few) cond.push(sql`${customers.id} = any(${sql.param(few)}::uuid[])`); // one parameter, not 5,000
  }
  const cur = decodeCursor(f.cursor, listCursor);
  if (cur !== undefined) {
    const valid =
      sort === 'name' ||
      (sort === 'total_spend'
        ? /^-?\d{1,18}$/.test(cur[0])
        : /^-infinity$|^\d{4}-\d\d-\d\d[ T][\d:.+-]+$/.test(cur[0]));
    if (!valid) throw invalidField('query.cursor', 'invalid_cursor');
    const v =
      sort === 'total_spend' ? sql`${Number(cur[0])}` : sort === 'name' ? sql`${cur[0]}` : sql`${cur[0]}::timestamptz`;
    cond.push(
      dir === 'asc'
        ? sql`(${col}, ${customers.id}) > (${v}, ${cur[1]}::uuid)`
        : sql`(${col}, ${customers.id}) < (${v}, ${cur[1]}::uuid)`,
    );
  }
  const order = dir === 'asc' ? sql`${col} asc, ${customers.id} asc` : sql`${col} desc, ${customers.id} desc`;
  const found = await idsWithoutRls<{ id: string; key: string }>(
    ctx.db,
    sql`select ${customers.id} as id, (${col})::text as key from ${customers} where ${and(...cond)}
        order by ${order} limit ${f.limit + 1}`,
  );
  const page = found.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    ids: page.map((r) => r.id),
    nextCursor: found.length > f.limit && last ? encodeCursor([last.key, last.id] satisfies ListCursor) : null,
  };
}

/** Up to this many customers with a tag are a "rare" tag: listed by id, then sorted. */
const FEW = 5000;

/**
 * The ids of the customers carrying these tags when they are few, else null. PostgreSQL cannot tell a rare tag
 * from a common one (no statistics for values it has not sampled) and walks the sort index past every customer to
 * find the 15 with a rare tag (3 s at 1M); the GIN index counts them in milliseconds.
 */
async function fewTagged(ctx: Ctx, tags: string[]): Promise<string[] | null> {
  const found = await idsWithoutRls<{ id: string }>(
    ctx.db,
    sql`select ${customers.id} as id from ${customers}
        where ${customers.tenantId} = ${ctx.actor.tenantId} and ${customers.tags} @> ${sql.param(tags)}::text[]
        limit ${FEW + 1}`,
  );
  return found.length > FEW ? null : found.map((r) => r.id);
}

/**
 * Reads a page's customers back under RLS, with their summaries, in the order given: one round trip on server
 * PostgreSQL (readAsTenant), the second wall still standing for every row shown.
 */
async function summariesInOrder(ctx: Ctx, ids: string[]): Promise<CustomerSummaryOut[]> {
  if (ids.length === 0) return [];
  const found = await readAsTenant(
    ctx.db,
    ctx.actor.tenantId,
    sql`select ${summarySelect} from customers
        where customers.tenant_id = ${ctx.actor.tenantId} and customers.id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  const byId = new Map(found.map((r) => [r.id as string, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [summaryFromRow(row)] : [];
  });
}

/** Candidate branches for q, each a bounded index lookup returning (id, rank). */
function branches(q: string, region: () => string, where: SQL, phase: 1 | 2): SQL[] {
  const out: SQL[] = [];
  if (phase === 2) {
    const latinOnly = q.replace(/[\s'’-]/g, '');
    if (!/^[a-z0-9]+$/.test(latinOnly) || q.length < 3) return [];
  }
  const limited = (rank: SQL, cond: SQL, from: SQL = sql`customers`) =>
    sql`(select customers.id, ${rank} as rank, customers.sort_key from ${from} where ${where} and ${cond} limit ${CANDIDATES})`;
  const like = (s: string) => `${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  if (phase === 2) {
    out.push(limited(sql`2`, sql`lower(customers.name) like ${`%${like(q)}`}`));
    out.push(limited(sql`3`, sql`lower(customers.name) % ${q}`));
    return out;
  }
  out.push(limited(sql`0`, sql`customers.name = ${q}`));
  if ([...q].some(isCjk)) {
    const toks = queryTokens(q);
    if (toks.length)
      out.push(
        limited(
          sql`case when strpos(lower(customers.name), ${q}) = 1 then 1 else 2 end`,
          sql`customers.search_tokens @> ${sql.param(toks)}::text[] and strpos(lower(customers.name), ${q}) > 0`,
        ),
      );
    const kana = kanaKey(q);
    if (kana)
      out.push(
        limited(
          sql`case when customers.search_kana = ${kana} then 0 else 1 end`,
          sql`customers.search_kana like ${like(kana)}`,
        ),
      );
  }
  const latin = q.replace(/[\s'’-]/g, '');
  if (/^[a-z0-9]+$/.test(latin)) {
    out.push(
      limited(
        sql`case when customers.search_latin = ${latin} then 0 else 1 end`,
        sql`customers.search_latin like ${like(latin)}`,
      ),
    );
    out.push(
      limited(
        sql`case when customers.search_initials = ${latin} then 0 else 1 end`,
        sql`customers.search_initials like ${like(latin)}`,
      ),
    );
    // A whole word of a latin name ("smith" in "Anna Smith"), from the same GIN token index.
    if (/^[a-z0-9]+$/.test(q)) out.push(limited(sql`1`, sql`customers.search_tokens @> ${sql.param([q])}::text[]`));
  }
  const viaChannel = (rank: SQL, cond: SQL) =>
    limited(
      rank,
      cond,
      sql`customer_channels ch join customers on customers.tenant_id = ch.tenant_id and customers.id = ch.customer_id`,
    );
  const digits = phoneDigits(q);
  if (digits) {
    const full = normalizePhone(q, region());
    if (full) out.push(viaChannel(sql`0`, sql`ch.kind = 'phone' and ch.normalized = ${full.normalized}`));
    out.push(viaChannel(sql`1`, sql`ch.digits_reversed like ${like(reverseDigits(digits))}`));
  }
  if (/^[^\s@]+(@[^\s@]*)?$/.test(q) && /[a-z@]/.test(q))
    out.push(
      viaChannel(
        sql`case when ch.normalized = ${q} then 0 else 1 end`,
        sql`ch.kind = 'email' and ch.normalized like ${like(q)}`,
      ),
    );
  return out;
}

type Ranked = { id: string; rank: number; sort_key: string };
type Phase = 1 | 2;
const searchCursor = z.tuple([
  z.number().int().min(0).max(100),
  z.string().max(300),
  z.uuid(),
  z.union([z.literal(1), z.literal(2)]),
]);
type SearchCursor = z.infer<typeof searchCursor>;

/**
 * One page of candidate ids, ranked, then by name order and id, after the cursor. Runs before the tenant
 * transaction, as the owner role: row-level security would hide index use from the non-leakproof operators the
 * branches need (see idsWithoutRls).
 */
async function searchCandidates(
  ctx: Ctx,
  q: string,
  where: SQL,
  f: ListQuery,
): Promise<{ phase: Phase; ranked: Ranked[] }> {
  const region = phoneDigits(q) ? (await tenantSettings(ctx.db, ctx.actor.tenantId)).phoneRegion : 'ZZ';
  const cur = decodeCursor(f.cursor, searchCursor);
  const after = cur
    ? sql`where (rank, sort_key collate "C", id) > (${cur[0]}, ${cur[1]} collate "C", ${cur[2]}::uuid)`
    : sql``;
  const run = async (phase: Phase) => {
    const parts = branches(q, () => region, where, phase);
    if (parts.length === 0) return [];
    const union = sql.join(parts, sql` union all `);
    return idsWithoutRls<Ranked>(
      ctx.db,
      sql`select * from (select id, min(rank)::int as rank, min(sort_key) as sort_key from (${union}) cand group by id) ranked
          ${after} order by rank, sort_key collate "C", id limit ${f.limit + 1}`,
    );
  };
  // Cheap index-ordered branches first; the trigram substring/fuzzy scans (≈25 ms at 1M rows) only when they
  // found nothing. Later pages stay in the phase the first page came from.
  if (cur) return { phase: cur[3], ranked: await run(cur[3]) };
  const first = await run(1);
  return first.length ? { phase: 1, ranked: first } : { phase: 2, ranked: await run(2) };
}

/** The search page: the candidates' customers read back under RLS, and the cursor after the last. */
async function rankedPage(
  ctx: Ctx,
  { phase, ranked }: { phase: Phase; ranked: Ranked[] },
  f: ListQuery,
): Promise<Page<CustomerSummaryOut>> {
  const page = ranked.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    data: await summariesInOrder(
      ctx,
      page.map((r) => r.id),
    ),
    nextCursor:
      ranked.length > f.limit && last
        ? encodeCursor([last.rank, last.sort_key, last.id, phase] satisfies SearchCursor)
        : null,
  };
}
