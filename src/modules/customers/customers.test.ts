import { expect, it } from 'vitest';
import { type Client, describeApi, json } from '../../../test/harness.ts';

type Summary = { id: string; name: string };
const names = (r: { json(): unknown }) => (r.json() as { data: Summary[] }).data.map((c) => c.name);

describeApi('customer files: create, validate, search', (h) => {
  let cn: { owner: Client; tenantId: string };
  let jp: { owner: Client; tenantId: string };
  const ids: Record<string, string> = {};

  it('creates Chinese and Japanese customers with channels and computed readings', async () => {
    cn = await h().tenant({ locale: 'zh-CN' });
    jp = await h().tenant({ locale: 'ja' });
    const people: [string, Record<string, unknown>][] = [
      [
        '张三',
        {
          kind: 'person',
          familyName: '张',
          givenName: '三',
          channels: [
            { kind: 'phone', value: '+86 138 0013 8000' },
            { kind: 'email', value: 'Zhang.San@Example.com' },
          ],
        },
      ],
      ['张三丰', { kind: 'person', familyName: '张', givenName: '三丰' }],
      ['欧阳娜娜', { kind: 'person', familyName: '欧阳', givenName: '娜娜', birthday: '--05-04' }],
      ['曾小贤', { kind: 'person', familyName: '曾', givenName: '小贤' }],
      ['单田芳', { kind: 'person', familyName: '单', givenName: '田芳' }],
      [
        '华为技术有限公司',
        {
          kind: 'organization',
          name: '华为技术有限公司',
          taxId: '91440300708461136T',
          channels: [{ kind: 'phone', label: 'fax', value: '0755-28780808' }],
        },
      ],
    ];
    for (const [name, body] of people) {
      const r = await cn.owner.post('/api/v1/customers', body);
      expect(r.statusCode, r.body).toBe(201);
      expect(json(r).name).toBe(name);
      ids[name] = json<{ id: string }>(r).id;
    }
    const zs = json<{ reading: string; channels: { normalized: string }[] }>(
      await cn.owner.get(`/api/v1/customers/${ids['张三']}`),
    );
    expect(zs.reading).toBe('zhang san');
    expect(zs.channels.map((c) => c.normalized)).toEqual(['+8613800138000', 'zhang.san@example.com']);
    const r = await jp.owner.post('/api/v1/customers', {
      kind: 'person',
      familyName: '山田',
      givenName: '太郎',
      reading: 'やまだ たろう',
      channels: [
        { kind: 'phone', value: '090-1234-5678' },
        { kind: 'phone', label: 'fax', value: '03-1234-5678' },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    ids['山田太郎'] = json<{ id: string }>(r).id;
  });

  it.each([
    ['张三', ['张三', '张三丰']],
    ['张三丰', ['张三丰']],
    ['欧阳娜娜', ['欧阳娜娜']],
    ['娜娜', ['欧阳娜娜']],
    ['zhangsan', ['张三', '张三丰']],
    ['zs', ['张三', '张三丰']],
    ['zeng', ['曾小贤']],
    ['shan', ['单田芳']],
    ['oynn', ['欧阳娜娜']],
    ['+86 138 0013 8000', ['张三']],
    ['13800138000', ['张三']],
    ['１３８００１３８０００', ['张三']],
    ['8000', ['张三']],
    ['zhang.san@', ['张三']],
    ['华为', ['华为技术有限公司']],
    ['28780808', ['华为技术有限公司']],
  ])('finds %s', async (q, expected) => {
    const r = await cn.owner.get(`/api/v1/customers?q=${encodeURIComponent(q)}`);
    expect(r.statusCode).toBe(200);
    expect(names(r)).toEqual(expected);
  });

  it.each(['山田太郎', 'やまだたろう', 'ヤマダ', 'yamada', '090-1234-5678', '5678'])(
    'finds 山田太郎 by %s in a Japanese tenant',
    async (q) => {
      const r = await jp.owner.get(`/api/v1/customers?q=${encodeURIComponent(q)}`);
      expect(names(r)).toEqual(['山田太郎']);
    },
  );

  it('ranks an exact name above prefix matches', async () => {
    expect(names(await cn.owner.get(`/api/v1/customers?q=${encodeURIComponent('张三')}`))[0]).toBe('张三');
  });

  it('never shows another tenant’s customers', async () => {
    expect(names(await jp.owner.get(`/api/v1/customers?q=${encodeURIComponent('张三')}`))).toEqual([]);
    expect((await jp.owner.get(`/api/v1/customers/${ids['张三']}`)).statusCode).toBe(404);
    expect((await jp.owner.patch(`/api/v1/customers/${ids['张三']}`, { notes: 'x' })).statusCode).toBe(404);
  });

  it('refuses a duplicate phone with 409 naming the existing customer', async () => {
    const r = await cn.owner.post('/api/v1/customers', {
      kind: 'person',
      name: '李四',
      channels: [{ kind: 'phone', value: '138-0013-8000' }],
    });
    expect(r.statusCode).toBe(409);
    expect(json<{ code: string; existing: { id: string; name: string; visible: boolean } }>(r)).toMatchObject({
      code: 'duplicate',
      existing: { id: ids['张三'], name: '张三', visible: true },
    });
    const check = json<{ matches: { id: string }[] }>(
      await cn.owner.get('/api/v1/customers/check-duplicates?email=zhang.san%40example.com'),
    );
    expect(check.matches.map((m) => m.id)).toEqual([ids['张三']]);
    const tax = await cn.owner.post('/api/v1/customers', {
      kind: 'organization',
      name: '华为',
      taxId: '91440300708461136t',
    });
    expect(tax.statusCode).toBe(409);
  });

  it('answers bad input with 422 field paths and writes nothing', async () => {
    const before = json<{ data: unknown[] }>(await cn.owner.get('/api/v1/customers?limit=200')).data.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'person', name: '王五', channels: [{ kind: 'phone', value: '12345' }] }, 'body.channels.0.value'],
      [{ kind: 'person', name: '王五', channels: [{ kind: 'email', value: 'not-an-email' }] }, 'body.channels.0.value'],
      [{ kind: 'person', name: '王五', birthday: '2099-01-01' }, 'body.birthday'],
      [{ kind: 'person', name: '王五', grade: 'Z' }, 'body.grade'],
      [{ kind: 'person', name: '王五', notes: 'x'.repeat(10_001) }, 'body.notes'],
      [{ kind: 'person', name: '王五', custom: { colour: 'red' } }, 'body.custom.colour'],
      [{ kind: 'person', name: '王五', referrerId: '01890000-0000-7000-8000-000000000000' }, 'body.referrerId'],
      [{ kind: 'person', name: '王五', favourite: 'tea' }, 'body.favourite'],
      [{ kind: 'robot', name: '王五' }, 'body.kind'],
      [{ kind: 'person' }, 'body.name'],
    ];
    for (const [body, path] of cases) {
      const r = await cn.owner.post('/api/v1/customers', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(
        json<{ errors: { path: string }[] }>(r).errors.map((e) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect(json<{ data: unknown[] }>(await cn.owner.get('/api/v1/customers?limit=200')).data.length).toBe(before);
  });

  it('refuses a referral cycle', async () => {
    await cn.owner.patch(`/api/v1/customers/${ids['张三丰']}`, { referrerId: ids['张三'] });
    const r = await cn.owner.patch(`/api/v1/customers/${ids['张三']}`, { referrerId: ids['张三丰'] });
    expect(r.statusCode).toBe(422);
    expect(json<{ errors: { path: string; message: string }[] }>(r).errors[0]).toMatchObject({
      path: 'body.referrerId',
      code: 'referral_cycle',
    });
  });

  it('validates custom fields defined by the business', async () => {
    const def = await cn.owner.post('/api/v1/custom-fields', {
      key: 'tea',
      label: '喜欢的茶',
      type: 'select',
      options: ['龙井', '普洱'],
    });
    expect(def.statusCode).toBe(201);
    expect((await cn.owner.patch(`/api/v1/customers/${ids['张三']}`, { custom: { tea: '咖啡' } })).statusCode).toBe(
      422,
    );
    const ok = await cn.owner.patch(`/api/v1/customers/${ids['张三']}`, { custom: { tea: '龙井' } });
    expect(json<{ custom: Record<string, unknown> }>(ok).custom).toEqual({ tea: '龙井' });
    expect(names(await cn.owner.get(`/api/v1/customers?cf.tea=${encodeURIComponent('龙井')}`))).toEqual(['张三']);
    // Multi-select and number fields filter too: a list holding the value, a number equal to it.
    for (const body of [
      { key: 'occasions', label: '场合', type: 'multiselect', options: ['送礼', '自饮', '商务'] },
      { key: 'visits', label: '到店次数', type: 'number' },
    ])
      expect((await cn.owner.post('/api/v1/custom-fields', body)).statusCode).toBe(201);
    const set = await cn.owner.patch(`/api/v1/customers/${ids['张三丰']}`, {
      custom: { occasions: ['送礼', '商务'], visits: 3 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const filter = (q: string) => cn.owner.get(`/api/v1/customers?${q}`).then(names);
    expect(await filter(`cf.occasions=${encodeURIComponent('商务')}`)).toEqual(['张三丰']);
    expect(await filter(`cf.occasions=${encodeURIComponent('自饮')}`)).toEqual([]);
    expect(await filter('cf.visits=3')).toEqual(['张三丰']);
    expect(await filter('cf.visits=4')).toEqual([]);
    expect(await filter(`cf.tea=${encodeURIComponent('龙井')}&cf.visits=3`)).toEqual([]);
  });

  it('links a person to several organizations with roles', async () => {
    const org2 = json<{ id: string }>(
      await cn.owner.post('/api/v1/customers', { kind: 'organization', name: '小米科技' }),
    );
    const a = await cn.owner.post(`/api/v1/customers/${ids['华为技术有限公司']}/contacts`, {
      personId: ids['张三'],
      role: 'decision_maker',
      title: '采购总监',
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(
      (await cn.owner.post(`/api/v1/customers/${org2.id}/contacts`, { personId: ids['张三'], role: 'operator' }))
        .statusCode,
    ).toBe(201);
    const n = await cn.owner.post(`/api/v1/customers/${org2.id}/contacts`, {
      person: { familyName: '刘', givenName: '洋' },
      role: 'finance',
    });
    expect(n.statusCode, n.body).toBe(201);
    const person = json<{ organizations: { organizationName: string; role: string }[] }>(
      await cn.owner.get(`/api/v1/customers/${ids['张三']}`),
    );
    expect(person.organizations.map((o) => `${o.organizationName}:${o.role}`).sort()).toEqual([
      '华为技术有限公司:decision_maker',
      '小米科技:operator',
    ]);
    const file = json<{
      sections: { contacts: { byRole: Record<string, unknown[]>; quietDecisionMakers: { name: string }[] } };
    }>(await cn.owner.get(`/api/v1/customers/${ids['华为技术有限公司']}/360`));
    expect(file.sections.contacts.byRole.decision_maker).toHaveLength(1);
    expect(file.sections.contacts.quietDecisionMakers.map((d) => d.name)).toEqual(['张三']);
    expect(
      (await cn.owner.post(`/api/v1/customers/${ids['张三']}/contacts`, { personId: ids['张三丰'] })).statusCode,
    ).toBe(422);
    expect((await cn.owner.get('/api/v1/customers?q=liuyang')).json().data[0].name).toBe('刘洋');
  });

  it('filters, sorts by pinyin and pages by key', async () => {
    const page1 = json<{ data: Summary[]; nextCursor: string }>(
      await cn.owner.get('/api/v1/customers?kind=person&sort=name&limit=3'),
    );
    expect(page1.data.map((c) => c.name)).toEqual(['刘洋', '欧阳娜娜', '单田芳']);
    const page2 = json<{ data: Summary[] }>(
      await cn.owner.get(`/api/v1/customers?kind=person&sort=name&limit=3&cursor=${page1.nextCursor}`),
    );
    expect(page2.data.map((c) => c.name)).toEqual(['曾小贤', '张三', '张三丰']);
  });

  it('shows each row’s own primary phone, email, city and owner in lists and search', async () => {
    const made = json<{ id: string }>(
      await cn.owner.post('/api/v1/customers', {
        kind: 'person',
        familyName: '钱',
        givenName: '多多',
        channels: [
          { kind: 'phone', value: '13900001111' },
          { kind: 'phone', value: '13900002222', isPrimary: true },
          { kind: 'email', value: 'qian@example.com' },
        ],
        addresses: [{ city: '杭州' }],
      }),
    );
    type Row = Summary & { primaryPhone: string; primaryEmail: string; city: string; ownerName: string };
    const me = json<{ user: { name: string } }>(await cn.owner.get('/api/v1/me'));
    for (const url of ['/api/v1/customers?q=qianduoduo', '/api/v1/customers?sort=created&limit=1']) {
      const [row] = json<{ data: Row[] }>(await cn.owner.get(url)).data;
      expect(row.id).toBe(made.id);
      expect([row.primaryPhone, row.primaryEmail, row.city, row.ownerName]).toEqual([
        '13900002222',
        'qian@example.com',
        '杭州',
        me.user.name,
      ]);
    }
    // Rows without channels show none (not another customer's).
    const [zsf] = json<{ data: Row[] }>(await cn.owner.get('/api/v1/customers?q=zhangsanfeng')).data;
    expect([zsf.name, zsf.primaryPhone, zsf.city]).toEqual(['张三丰', null, null]);
    await cn.owner.post(`/api/v1/customers/${made.id}/archive`);
  });

  it('pages search results by key in rank order, without repeats, also for substring matches', async () => {
    const walk = async (q: string, limit: number) => {
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const r = await cn.owner.get(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=${limit}${cursor}`);
        expect(r.statusCode, r.body).toBe(200);
        const page = json<{ data: Summary[]; nextCursor: string | null }>(r);
        expect(page.data.length).toBeLessThanOrEqual(limit);
        seen.push(...page.data.map((c) => c.name));
        if (!page.nextCursor) return seen;
        cursor = `&cursor=${page.nextCursor}`;
      }
      throw new Error('search paging did not end');
    };
    // 张三 (exact) before the prefix matches 张三丰, then nothing repeats.
    const all = await walk('张三', 10);
    expect(all[0]).toBe('张三');
    expect(await walk('张三', 1)).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
    // "为技术" only matches inside a name.
    expect(await walk('为技术', 1)).toEqual(['华为技术有限公司']);
    expect((await cn.owner.get('/api/v1/customers?q=zhangsan&cursor=bogus')).statusCode).toBe(422);
    // A list cursor is not a search cursor.
    const list = json<{ nextCursor: string }>(await cn.owner.get('/api/v1/customers?limit=1'));
    expect((await cn.owner.get(`/api/v1/customers?q=zhangsan&cursor=${list.nextCursor}`)).statusCode).toBe(422);
  });

  it('archives without deleting', async () => {
    const r = await cn.owner.post(`/api/v1/customers/${ids['单田芳']}/archive`);
    expect(r.statusCode).toBe(200);
    expect(names(await cn.owner.get('/api/v1/customers?q=shan'))).toEqual([]);
    expect(names(await cn.owner.get('/api/v1/customers?q=shan&archived=true'))).toEqual(['单田芳']);
    expect((await cn.owner.get(`/api/v1/customers/${ids['单田芳']}`)).statusCode).toBe(200);
  });
});

describeApi('customer visibility per role', (h) => {
  it('shows a sales rep only their own customers and the pool, a manager their department', async () => {
    const { owner } = await h().tenant();
    const dept = json<{ id: string }>(await owner.post('/api/v1/org-units', { name: 'East', kind: 'department' }));
    const other = json<{ id: string }>(await owner.post('/api/v1/org-units', { name: 'West', kind: 'department' }));
    const manager = await h().user(owner, 'manager', dept.id);
    const rep = await h().user(owner, 'sales', dept.id);
    const rep2 = await h().user(owner, 'sales', other.id);
    const mine = json<{ id: string }>(await rep.post('/api/v1/customers', { kind: 'person', name: '甲' }));
    const theirs = json<{ id: string }>(await rep2.post('/api/v1/customers', { kind: 'person', name: '乙' }));
    const pool = json<{ id: string }>(
      await owner.post('/api/v1/customers', { kind: 'person', name: '丙', ownerId: null }),
    );
    expect(names(await rep.get('/api/v1/customers')).sort()).toEqual(['丙', '甲'].sort());
    // The first page counts what the actor may see, no more; later pages and searches do not count.
    expect(json<{ total: number; totalCapped: boolean }>(await rep.get('/api/v1/customers?limit=1'))).toMatchObject({
      total: 2,
      totalCapped: false,
    });
    expect(json<{ total: number }>(await owner.get('/api/v1/customers')).total).toBe(3);
    expect(json<{ total?: number }>(await owner.get('/api/v1/customers?q=丙')).total).toBeUndefined();
    expect((await rep.get(`/api/v1/customers/${theirs.id}`)).statusCode).toBe(404);
    expect((await rep.patch(`/api/v1/customers/${theirs.id}`, { notes: 'x' })).statusCode).toBe(404);
    expect((await rep.patch(`/api/v1/customers/${pool.id}`, { notes: 'x' })).statusCode).toBe(403);
    expect((await rep.patch(`/api/v1/customers/${mine.id}`, { ownerId: rep2.info.userId })).statusCode).toBe(403);
    expect(names(await manager.get('/api/v1/customers')).sort()).toEqual(['丙', '甲'].sort());
    expect((await manager.get(`/api/v1/customers/${theirs.id}`)).statusCode).toBe(404);
    expect(names(await owner.get('/api/v1/customers')).sort()).toEqual(['丙', '乙', '甲'].sort());
    const dup = await rep.post('/api/v1/customers', {
      kind: 'person',
      name: '丁',
      channels: [{ kind: 'phone', value: '13900001111' }],
    });
    expect(dup.statusCode).toBe(201);
    const clash = await rep2.post('/api/v1/customers', {
      kind: 'person',
      name: '戊',
      channels: [{ kind: 'phone', value: '139 0000 1111' }],
    });
    expect(clash.statusCode).toBe(409);
    // Existence only: neither the id nor the name of a customer rep2 may not see, nor (by default) its owner.
    const hidden = { id: null, name: null, ownerName: null, matchedOn: 'phone', visible: false };
    expect(json<{ existing: Record<string, unknown>; detail: string }>(clash).existing).toEqual(hidden);
    expect(json<{ detail: string }>(clash).detail).not.toContain('丁');
    const live = await rep2.get('/api/v1/customers/check-duplicates?phone=13900001111');
    expect(json<{ matches: unknown[] }>(live).matches).toEqual([hidden]);
    // The business may let the warning name whom to ask.
    expect((await owner.patch('/api/v1/tenant', { showDuplicateOwner: true })).statusCode).toBe(200);
    const again = await rep2.get('/api/v1/customers/check-duplicates?phone=13900001111');
    expect(json<{ matches: unknown[] }>(again).matches).toEqual([{ ...hidden, ownerName: expect.any(String) }]);
  });
});

describeApi('search in an English business', (h) => {
  it('finds latin names by word, prefix, substring and a typo', async () => {
    const { owner } = await h().tenant({ locale: 'en' });
    for (const name of ['Anna Smith', 'Smithson Trading', 'Oliver Brown'])
      await owner.post('/api/v1/customers', { kind: name.includes('Trading') ? 'organization' : 'person', name });
    expect(names(await owner.get('/api/v1/customers?q=smith')).sort()).toEqual(['Anna Smith', 'Smithson Trading']);
    expect(names(await owner.get('/api/v1/customers?q=anna'))).toEqual(['Anna Smith']);
    expect(names(await owner.get('/api/v1/customers?q=trad'))).toEqual(['Smithson Trading']);
    expect(names(await owner.get('/api/v1/customers?q=olivr%20brown'))).toEqual(['Oliver Brown']);
    // "mith" is inside names only: the trigram phase, and its second page stays in that phase.
    const first = json<{ data: Summary[]; nextCursor: string }>(await owner.get('/api/v1/customers?q=mith&limit=1'));
    const second = json<{ data: Summary[]; nextCursor: string | null }>(
      await owner.get(`/api/v1/customers?q=mith&limit=1&cursor=${first.nextCursor}`),
    );
    expect([...first.data, ...second.data].map((c) => c.name).sort()).toEqual(['Anna Smith', 'Smithson Trading']);
  });
});

describeApi('customer file cache', (h) => {
  it('shows a change at once and never serves a cached file to someone who may not see it', async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const rep = await h().user(a.owner, 'sales');
    const rep2 = await h().user(a.owner, 'sales');
    const c = json<{ id: string }>(
      await rep.post('/api/v1/customers', { kind: 'person', name: '缓存测试', notes: 'v1' }),
    );
    expect(json<{ notes: string }>(await rep.get(`/api/v1/customers/${c.id}`)).notes).toBe('v1');
    await rep.patch(`/api/v1/customers/${c.id}`, { notes: 'v2' });
    expect(json<{ notes: string }>(await rep.get(`/api/v1/customers/${c.id}`)).notes).toBe('v2');
    await new Promise((r) => setTimeout(r, 1100)); // past the quiet moment after a write: now it is cached
    expect(json<{ notes: string }>(await rep.get(`/api/v1/customers/${c.id}`)).notes).toBe('v2');
    expect((await rep2.get(`/api/v1/customers/${c.id}`)).statusCode).toBe(404);
    expect((await b.owner.get(`/api/v1/customers/${c.id}`)).statusCode).toBe(404);
    expect((await a.owner.get(`/api/v1/customers/${c.id}`)).statusCode).toBe(200);
    await rep.post('/api/v1/interactions', { customerId: c.id, type: 'call', summary: '电话' });
    expect(
      json<{ lastInteractionAt: string | null }>(await rep.get(`/api/v1/customers/${c.id}`)).lastInteractionAt,
    ).not.toBeNull();
  });
});
