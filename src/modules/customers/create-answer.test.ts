import { expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';

/** A create answers with the file it made without reading its children back: that answer must be the file. */
describeApi('the answer to a create is the file as read back', (h) => {
  it('matches GET for a person with phones, emails and addresses, owned by the actor or by a colleague', async () => {
    const { owner } = await h().tenant();
    const rep = await h().user(owner, 'sales');
    const bodies = [
      {
        kind: 'person',
        name: '周杰',
        channels: [
          { kind: 'phone', value: '138 0013 9000' },
          { kind: 'phone', value: '010-6552-9988', label: 'work', isPrimary: true },
          { kind: 'email', value: 'Zhou.Jie@Example.com' },
          { kind: 'wechat', value: 'zhoujie88' },
        ],
        addresses: [{ province: '浙江省', city: '杭州市', street: '西湖区龙井路 1 号' }, { text: '上海仓库' }],
      },
      { kind: 'organization', name: '周氏茶业', ownerId: rep.info.userId },
      { kind: 'person', name: '无主', ownerId: null },
    ];
    for (const body of bodies) {
      const created = await owner.post('/api/v1/customers', body);
      expect(created.statusCode).toBe(201);
      const made = json<{ id: string }>(created);
      const read = await owner.get(`/api/v1/customers/${made.id}`);
      expect(json(read)).toEqual(json(created));
    }
  });
});

/** The list row's phone, email and city live on the customer row; every write that changes them keeps them true. */
describeApi('the list row shows the file’s primary phone, email and city', (h) => {
  it('after a create, a change of channels, a merge and its undo', async () => {
    const { owner } = await h().tenant();
    type Row = { id: string; primaryPhone: string | null; primaryEmail: string | null; city: string | null };
    const row = async (id: string, q: string) =>
      json<{ data: Row[] }>(await owner.get(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`)).data.find(
        (r) => r.id === id,
      );
    const listed = async (id: string) =>
      json<{ data: Row[] }>(await owner.get('/api/v1/customers?limit=200')).data.find((r) => r.id === id)!;
    const file = async (id: string) => {
      const f = json<Row>(await owner.get(`/api/v1/customers/${id}`));
      return { id, primaryPhone: f.primaryPhone, primaryEmail: f.primaryEmail, city: f.city };
    };
    const expectAgree = async (id: string) => {
      const want = await file(id);
      expect(await listed(id)).toMatchObject(want);
    };
    const keep = json<{ id: string }>(
      await owner.post('/api/v1/customers', {
        kind: 'person',
        name: '吴用',
        channels: [{ kind: 'email', value: 'wu@example.com' }],
      }),
    ).id;
    const dupe = json<{ id: string }>(
      await owner.post('/api/v1/customers', {
        kind: 'person',
        name: '吴用二',
        channels: [{ kind: 'phone', value: '139 1234 0001' }],
        addresses: [{ province: '山东省', city: '济南市' }],
      }),
    ).id;
    await expectAgree(keep);
    await expectAgree(dupe);
    expect((await listed(dupe)).city).toBe('济南市');
    await owner.patch(`/api/v1/customers/${keep}`, {
      channels: [
        { kind: 'phone', value: '138 0000 0001' },
        { kind: 'phone', value: '138 0000 0002', isPrimary: true },
      ],
    });
    await expectAgree(keep);
    expect((await listed(keep)).primaryPhone).toBe('138 0000 0002');
    const merged = json<{ mergeId: string }>(await owner.post(`/api/v1/customers/${keep}/merge`, { otherId: dupe }));
    await expectAgree(keep);
    expect((await listed(keep)).city).toBe('济南市');
    expect(await row(keep, '吴用')).toMatchObject({ city: '济南市' });
    await owner.post(`/api/v1/merges/${merged.mergeId}/undo`);
    await expectAgree(keep);
    await expectAgree(dupe);
    expect((await listed(keep)).city).toBe(null);
  });
});
