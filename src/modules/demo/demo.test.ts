import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';
import { rows } from '../../db/client.ts';
import { normalizePhone } from '../customers/phones.ts';
import { copyCsv, toCsv } from './copy.ts';
import { createDemo } from './service.ts';

type Row = { kind: string; name: string; reading: string | null; search_kana: string | null };

describeApi('granary demo', (h) => {
  const customersOf = (tenantId: string) =>
    rows<Row>(
      h().database.db,
      sql`select kind, name, reading, search_kana from customers where tenant_id = ${tenantId} order by id`,
    );

  it('builds the same Chinese business from the same seed, with contacts, spend and lapsed buyers', async () => {
    const o = { customers: 400, orders: 1600, locale: 'zh' as const, seed: 7 };
    const first = await createDemo(h().database, o);
    const second = await createDemo(h().database, o);
    expect(first.customers).toBe(400);
    expect(first.orders).toBe(second.orders);
    expect(first.orderLines).toBe(second.orderLines);
    const [a, b] = [await customersOf(first.tenantId), await customersOf(second.tenantId)];
    expect(a.map((r) => [r.kind, r.name, r.reading])).toEqual(b.map((r) => [r.kind, r.name, r.reading]));
    const people = a.filter((r) => r.kind === 'person');
    const orgs = a.filter((r) => r.kind === 'organization');
    expect(orgs.length).toBeGreaterThan(10);
    // Chinese names with pinyin readings: 2–4 hanzi, a syllable per hanzi.
    for (const p of people.slice(0, 50)) {
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(p.reading?.split(' ')).toHaveLength([...p.name].length);
    }
    const [figures] = await rows<{ links: number; orgs_with_two: number; top_share: number; lapsed: number }>(
      h().database.db,
      sql`select
            (select count(*)::int from contact_links where tenant_id = ${first.tenantId}) as links,
            (select count(*)::int from (select organization_id from contact_links where tenant_id = ${first.tenantId}
               group by organization_id having count(*) >= 2) x) as orgs_with_two,
            (select (sum(total_spend) filter (where rn <= cnt / 5))::float / nullif(sum(total_spend), 0)
               from (select total_spend, row_number() over (order by total_spend desc) rn, count(*) over () cnt
                     from customers where tenant_id = ${first.tenantId} and order_count > 0) s) as top_share,
            (select count(*)::int from customers where tenant_id = ${first.tenantId}
               and last_purchase_at < timestamptz '2026-11-01' - interval '365 days') as lapsed`,
    );
    expect(figures.links).toBeGreaterThan(orgs.length);
    expect(figures.orgs_with_two).toBeGreaterThan(0);
    // Pareto-like: the top fifth of buyers bring well over half of the spend.
    expect(figures.top_share).toBeGreaterThan(0.5);
    expect(figures.lapsed).toBeGreaterThan(20);
    // The owner can sign in and search the demo like any business.
    const owner = await h().signIn(first.email, first.password, first.slug);
    const someone = people[3];
    const initials = someone
      .reading!.split(' ')
      .map((s) => s[0])
      .join('');
    const found = json<{ data: { name: string }[] }>(await owner.get(`/api/v1/customers?q=${initials}&limit=200`));
    expect(found.data.map((c) => c.name)).toContain(someone.name);
  });

  it('builds a Japanese business whose people have kana readings', async () => {
    const r = await createDemo(h().database, { customers: 120, orders: 300, locale: 'ja', seed: 3 });
    const people = (await customersOf(r.tenantId)).filter((c) => c.kind === 'person');
    expect(people.length).toBeGreaterThan(50);
    for (const p of people.slice(0, 30)) expect(p.search_kana).toMatch(/^[\u3041-\u3096ー]+$/);
  });

  it.each(['zh', 'ja', 'en'] as const)('shows every %s phone and fax as the number it stores', async (locale) => {
    const r = await createDemo(h().database, { customers: 300, orders: 300, locale, seed: 11 });
    const phones = await rows<{ value: string; normalized: string; label: string; region: string }>(
      h().database.db,
      sql`select c.value, c.normalized, c.label, t.phone_region as region from customer_channels c
          join tenants t on t.id = c.tenant_id where c.tenant_id = ${r.tenantId} and c.kind = 'phone'`,
    );
    expect(phones.length).toBeGreaterThan(250);
    expect(phones.some((p) => p.label === 'fax')).toBe(true);
    // The same normalization a number typed into the form goes through: search by the number shown finds it.
    const wrong = phones.filter((p) => normalizePhone(p.value, p.region)?.normalized !== p.normalized);
    expect(wrong).toEqual([]);
  });

  it('keeps each customer’s list-row phone, email and city as a save would (primary first, then oldest)', async () => {
    const r = await createDemo(h().database, { customers: 400, orders: 400, locale: 'zh', seed: 21 });
    const [off] = await rows<{ n: number; with_phone: number }>(
      h().database.db,
      sql`select count(*) filter (where c.primary_phone is distinct from p.v or c.primary_email is distinct from e.v
                                    or c.city is distinct from a.v)::int as n,
                 count(c.primary_phone)::int as with_phone
          from customers c
          left join lateral (select x.value v from customer_channels x where x.tenant_id = c.tenant_id and x.customer_id = c.id
                             and x.kind = 'phone' order by x.is_primary desc, x.created_at, x.id limit 1) p on true
          left join lateral (select x.value v from customer_channels x where x.tenant_id = c.tenant_id and x.customer_id = c.id
                             and x.kind = 'email' order by x.is_primary desc, x.created_at, x.id limit 1) e on true
          left join lateral (select x.city v from customer_addresses x where x.tenant_id = c.tenant_id and x.customer_id = c.id
                             order by x.is_primary desc, x.created_at, x.id limit 1) a on true
          where c.tenant_id = ${r.tenantId}`,
    );
    expect(off.n).toBe(0);
    expect(off.with_phone).toBeGreaterThan(300);
  });

  it('leaves nothing behind when a load fails part-way (one transaction)', async () => {
    const count = async () =>
      (await rows<{ n: number }>(h().database.db, sql`select count(*)::int as n from tenants`))[0].n;
    const before = await count();
    const failing = createDemo(h().database, {
      customers: 600,
      orders: 600,
      locale: 'zh',
      seed: 5,
      tenantName: 'Half loaded',
      onProgress: (done) => {
        if (done > 0) throw new Error('killed');
      },
    });
    await expect(failing).rejects.toThrow('killed');
    expect(await count()).toBe(before);
    const left = await rows<{ n: number }>(
      h().database.db,
      sql`select count(*)::int as n from customers c join tenants t on t.id = c.tenant_id where t.name = 'Half loaded'`,
    );
    expect(left[0].n).toBe(0);
  });

  it('COPYs text exactly: empty is not NULL, quotes, commas, line breaks, a leading backslash, arrays', async () => {
    const db = h().database.db;
    const table = `copy_check_${Date.now()}`;
    await db.execute(sql.raw(`create table ${table} (n int, t text, a text[])`));
    try {
      const values = ['', 'plain', 'say "hi", twice', 'two\nlines', '\\.', '\\N', '张三,李四'];
      await copyCsv(
        h().database,
        table,
        ['n', 't', 'a'],
        [toCsv(values.map((v, n) => [n, v, [v, 'x"y\\z']])), toCsv([[values.length, null, []]])],
      );
      const back = await rows<{ n: number; t: string | null; a: string[] }>(
        db,
        sql.raw(`select n, t, a from ${table} order by n`),
      );
      expect(back.map((r) => r.t)).toEqual([...values, null]);
      expect(back[2].a).toEqual(['say "hi", twice', 'x"y\\z']);
      expect(back[values.length].a).toEqual([]);
    } finally {
      await db.execute(sql.raw(`drop table ${table}`));
    }
  });
});
