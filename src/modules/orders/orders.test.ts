import { expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';

describeApi('purchase history: orders and returns', (h) => {
  it('records orders, computes totals and the customer’s figures, and returns against them', async () => {
    const { owner } = await h().tenant({ locale: 'zh-CN' });
    const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '王芳' }));
    const tea = json<{ id: string }>(
      await owner.post('/api/v1/products', { name: '龙井 250g', sku: 'LJ-250', price: 12800, cost: 6000 }),
    );
    const o1 = await owner.post('/api/v1/orders', {
      customerId: c.id,
      orderedAt: '2026-01-10T03:00:00Z',
      lines: [
        { productId: tea.id, quantity: 2, discount: 1000 },
        { name: '礼盒', quantity: 1, unitPrice: 500 },
      ],
    });
    expect(o1.statusCode, o1.body).toBe(201);
    const order = json<{ id: string; total: number; currency: string; lines: { id: string; amount: number }[] }>(o1);
    expect(order.total).toBe(2 * 12800 - 1000 + 500);
    expect(order.currency).toBe('CNY');
    await owner.post('/api/v1/orders', {
      customerId: c.id,
      orderedAt: '2026-03-10T03:00:00Z',
      lines: [{ productId: tea.id, quantity: 1 }],
    });
    let file = json<{
      customer: { orderCount: number; totalSpend: number };
      sections: { orders: { count: number; averageIntervalDays: number; recent: unknown[] } };
    }>(await owner.get(`/api/v1/customers/${c.id}/360`));
    expect(file.customer.orderCount).toBe(2);
    expect(file.customer.totalSpend).toBe(25100 + 12800);
    expect(file.sections.orders.averageIntervalDays).toBe(59);
    const ret = await owner.post(`/api/v1/orders/${order.id}/returns`, {
      lines: [{ lineId: order.lines[0].id, quantity: 1 }],
      reason: '受潮',
    });
    expect(ret.statusCode, ret.body).toBe(201);
    expect(json<{ total: number; kind: string }>(ret)).toMatchObject({ kind: 'return', total: -(12800 - 500) });
    const again = await owner.post(`/api/v1/orders/${order.id}/returns`, {
      lines: [{ lineId: order.lines[0].id, quantity: 2 }],
    });
    expect(again.statusCode).toBe(422);
    expect(json<{ errors: { path: string }[] }>(again).errors[0].path).toBe('body.lines.0.quantity');
    const read = json<{ lines: { id: string; quantity: number; returned: number; returnable: number }[] }>(
      await owner.get(`/api/v1/orders/${order.id}`),
    );
    const line = read.lines.find((l) => l.id === order.lines[0].id)!;
    expect({ returned: line.returned, returnable: line.returnable }).toEqual({
      returned: 1,
      returnable: line.quantity - 1,
    });
    file = json(await owner.get(`/api/v1/customers/${c.id}/360`));
    expect(file.customer.totalSpend).toBe(25100 + 12800 - 12300);
    const list = json<{ data: { kind: string }[] }>(await owner.get(`/api/v1/orders?customerId=${c.id}`));
    expect(list.data.map((o) => o.kind)).toEqual(['return', 'sale', 'sale']);
    const timeline = json<{ data: { kind: string }[] }>(await owner.get(`/api/v1/customers/${c.id}/timeline`));
    expect(timeline.data.map((i) => i.kind)).toEqual(expect.arrayContaining(['order', 'return', 'change']));
  });

  it('refuses bad orders with field paths and writes nothing', async () => {
    const { owner } = await h().tenant({ locale: 'ja' });
    const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '佐藤' }));
    const cases: [Record<string, unknown>, string][] = [
      [{ customerId: c.id, currency: 'CNY', lines: [{ name: 'x', quantity: 1, unitPrice: 100 }] }, 'body.currency'],
      [{ customerId: c.id, lines: [{ name: 'x', quantity: -1, unitPrice: 100 }] }, 'body.lines.0.quantity'],
      [{ customerId: c.id, lines: [{ name: 'x', quantity: 1, unitPrice: 10.5 }] }, 'body.lines.0.unitPrice'],
      [{ customerId: c.id, lines: [{ quantity: 1, unitPrice: 100 }] }, 'body.lines.0.name'],
      [{ customerId: c.id, lines: [] }, 'body.lines'],
      [
        { customerId: c.id, lines: [{ name: 'x', quantity: 1, unitPrice: 100, discount: 500 }] },
        'body.lines.0.discount',
      ],
    ];
    for (const [body, path] of cases) {
      const r = await owner.post('/api/v1/orders', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(json<{ errors: { path: string }[] }>(r).errors.map((e) => e.path)).toContain(path);
    }
    expect(json<{ data: unknown[] }>(await owner.get(`/api/v1/orders?customerId=${c.id}`)).data).toEqual([]);
  });

  it("hides another tenant's and another rep's orders", async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const rep = await h().user(a.owner, 'sales');
    const rep2 = await h().user(a.owner, 'sales');
    const c = json<{ id: string }>(await rep.post('/api/v1/customers', { kind: 'person', name: '赵六' }));
    const o = json<{ id: string }>(
      await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ name: '茶', quantity: 1, unitPrice: 100 }] }),
    );
    expect((await b.owner.get(`/api/v1/orders/${o.id}`)).statusCode).toBe(404);
    expect((await rep2.get(`/api/v1/orders/${o.id}`)).statusCode).toBe(404);
    expect(
      (await rep2.post('/api/v1/orders', { customerId: c.id, lines: [{ name: '茶', quantity: 1, unitPrice: 100 }] }))
        .statusCode,
    ).toBe(404);
    expect((await b.owner.get(`/api/v1/orders?customerId=${c.id}`)).statusCode).toBe(404);
  });

  it('moves orders with a merge and back with its undo', async () => {
    const { owner } = await h().tenant();
    const a = json<{ id: string }>(
      await owner.post('/api/v1/customers', {
        kind: 'person',
        name: '孙七',
        channels: [{ kind: 'phone', value: '13911112222' }],
      }),
    );
    const b = json<{ id: string }>(
      await owner.post('/api/v1/customers', {
        kind: 'person',
        name: '孙七七',
        channels: [{ kind: 'email', value: 'sun@example.com' }],
        tags: ['vip'],
      }),
    );
    await owner.post('/api/v1/orders', { customerId: b.id, lines: [{ name: '茶', quantity: 3, unitPrice: 1000 }] });
    const m = await owner.post(`/api/v1/customers/${a.id}/merge`, { otherId: b.id, pick: { name: 'other' } });
    expect(m.statusCode, m.body).toBe(200);
    const merged = json<{
      customer: { name: string; totalSpend: number; tags: string[]; channels: { kind: string }[] };
      mergeId: string;
    }>(m);
    expect(merged.customer).toMatchObject({ name: '孙七七', totalSpend: 3000, tags: ['vip'] });
    expect(merged.customer.channels.map((c) => c.kind).sort()).toEqual(['email', 'phone']);
    expect((await owner.get(`/api/v1/customers/${b.id}`)).statusCode).toBe(404);
    expect(json<{ data: unknown[] }>(await owner.get(`/api/v1/orders?customerId=${a.id}`)).data).toHaveLength(1);
    const undo = await owner.post(`/api/v1/merges/${merged.mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    const back = json<{ name: string; totalSpend: number; channels: unknown[] }>(
      await owner.get(`/api/v1/customers/${a.id}`),
    );
    expect(back).toMatchObject({ name: '孙七', totalSpend: 0 });
    expect(back.channels).toHaveLength(1);
    expect(json<{ totalSpend: number }>(await owner.get(`/api/v1/customers/${b.id}`)).totalSpend).toBe(3000);
    expect((await owner.post(`/api/v1/merges/${merged.mergeId}/undo`)).statusCode).toBe(409);
    const rep = await h().user(owner, 'sales');
    expect((await rep.post(`/api/v1/customers/${a.id}/merge`, { otherId: b.id })).statusCode).toBe(404);
  });

  it('filters the list by last purchase and created date, with search and sorts', async () => {
    const { owner } = await h().tenant({ locale: 'zh-CN' });
    const make = async (name: string, orderedAt: string | null) => {
      const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name }));
      if (orderedAt)
        expect(
          (
            await owner.post('/api/v1/orders', {
              customerId: c.id,
              orderedAt,
              lines: [{ name: '茶', quantity: 1, unitPrice: 100 }],
            })
          ).statusCode,
        ).toBe(201);
      return c.id;
    };
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    await make('李近期', day(10));
    await make('李半年', day(200));
    await make('李两年', day(700));
    await make('李从未', null);
    const list = async (query: string) =>
      json<{ data: { name: string }[] }>(await owner.get(`/api/v1/customers?${query}`)).data.map((c) => c.name);
    // Lapsed: no purchase for 180+ days (never-bought customers are not lapsed), newest purchase first.
    expect(await list(`lastPurchaseTo=${day(180)}&sort=last_purchase`)).toEqual(['李半年', '李两年']);
    expect(await list(`lastPurchaseFrom=${day(30)}`)).toEqual(['李近期']);
    expect(await list(`q=${encodeURIComponent('李')}&lastPurchaseTo=${day(365)}`)).toEqual(['李两年']);
    expect(await list(`createdFrom=${day(1)}&lastPurchaseFrom=${day(365)}&sort=last_purchase&order=asc`)).toEqual([
      '李半年',
      '李近期',
    ]);
    expect(await list(`createdTo=${day(1)}`)).toEqual([]);
    // Paging one by one through sorts whose key may be missing (never bought: -infinity) or a number.
    const all = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { data: { name: string }[]; nextCursor: string | null } = json(
          await owner.get(`/api/v1/customers?limit=1&${query}${cursor ? `&cursor=${cursor}` : ''}`),
        );
        seen.push(...page.data.map((c) => c.name));
        cursor = page.nextCursor;
      }
      return seen;
    };
    expect(await all('sort=last_purchase')).toEqual(['李近期', '李半年', '李两年', '李从未']);
    expect(await all('sort=last_purchase&order=asc')).toEqual(['李从未', '李两年', '李半年', '李近期']);
    expect(await all('sort=total_spend')).toEqual(['李两年', '李半年', '李近期', '李从未']);
    const forged = Buffer.from(JSON.stringify(['drop table', '01a2140e-564b-7f99-95f7-c2b07ca4c697'])).toString(
      'base64url',
    );
    expect((await owner.get(`/api/v1/customers?sort=last_purchase&cursor=${forged}`)).statusCode).toBe(422);
    const bad = await owner.get('/api/v1/customers?lastPurchaseTo=not-a-date');
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { path: string }[] }>(bad).errors[0].path).toBe('querystring.lastPurchaseTo');
  });
});
