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
