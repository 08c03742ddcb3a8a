import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { type Client, describeApi, json } from '../../../test/harness.ts';

type Link = { organizationId: string; personId: string; personName: string; organizationName: string };
type File = {
  id: string;
  name: string;
  referrerId: string | null;
  channels: { value: string }[];
  addresses: { city: string }[];
  organizations: Link[];
  contacts: Link[];
};

describeApi('merge moves every child record, and undo puts each back', (h) => {
  it('moves channels, addresses, links on both sides, referrals, diary, tasks and orders; undo restores them', async () => {
    const { owner } = await h().tenant();
    const make = async (body: Record<string, unknown>) =>
      json<{ id: string }>(await owner.post('/api/v1/customers', body)).id;
    const file = async (c: Client, id: string) => json<File>(await c.get(`/api/v1/customers/${id}`));
    const count = async (path: string) => json<{ data: unknown[] }>(await owner.get(path)).data.length;

    const acme = await make({ kind: 'organization', name: '顶峰贸易' });
    const acme2 = await make({ kind: 'organization', name: '顶峰贸易（重复）' });
    const other = await make({ kind: 'organization', name: '远山物流' });
    const keep = await make({ kind: 'person', name: '王芳', channels: [{ kind: 'phone', value: '13800001111' }] });
    const dupe = await make({
      kind: 'person',
      name: '王芳芳',
      channels: [{ kind: 'email', value: 'wang@example.com' }],
      addresses: [{ city: '苏州' }],
    });
    const friend = await make({ kind: 'person', name: '赵敏', referrerId: dupe });
    // Both people work at 顶峰; only the duplicate at 远山. 顶峰（重复） has its own contact.
    await owner.post(`/api/v1/customers/${acme}/contacts`, { personId: keep, role: 'decision_maker' });
    await owner.post(`/api/v1/customers/${acme}/contacts`, { personId: dupe, role: 'operator' });
    await owner.post(`/api/v1/customers/${other}/contacts`, { personId: dupe, role: 'finance' });
    await owner.post(`/api/v1/customers/${acme2}/contacts`, { personId: friend, role: 'operator' });
    const logged = await owner.post('/api/v1/interactions', {
      customerId: dupe,
      type: 'call',
      summary: '询价',
      nextStep: { title: '回电', dueAt: '2030-01-01T09:00:00Z' },
    });
    expect(logged.statusCode, logged.body).toBe(201);
    await owner.post('/api/v1/orders', { customerId: dupe, lines: [{ name: '茶', quantity: 2, unitPrice: 5000 }] });

    const merged = await owner.post(`/api/v1/customers/${keep}/merge`, { otherId: dupe });
    expect(merged.statusCode, merged.body).toBe(200);
    const { mergeId } = json<{ mergeId: string }>(merged);
    const after = await file(owner, keep);
    expect(after.channels.map((c) => c.value).sort()).toEqual(['13800001111', 'wang@example.com']);
    expect(after.addresses.map((a) => a.city)).toEqual(['苏州']);
    // 顶峰 once (the survivor's own link), 远山 moved over.
    expect(after.organizations.map((o) => o.organizationName).sort()).toEqual(['远山物流', '顶峰贸易']);
    expect((await file(owner, acme)).contacts.map((c) => c.personName)).toEqual(['王芳']);
    expect((await file(owner, friend)).referrerId).toBe(keep);
    expect(await count(`/api/v1/interactions?customerId=${keep}`)).toBe(1);
    expect(await count(`/api/v1/tasks?customerId=${keep}&assignee=me`)).toBe(1);
    expect(await count(`/api/v1/orders?customerId=${keep}`)).toBe(1);
    expect(json<{ totalSpend: number }>(await owner.get(`/api/v1/customers/${keep}`)).totalSpend).toBe(10000);
    expect((await owner.get(`/api/v1/customers/${dupe}`)).statusCode).toBe(404);

    // Organizations merge too: the duplicate company's contacts move to the survivor.
    const orgs = await owner.post(`/api/v1/customers/${acme}/merge`, { otherId: acme2 });
    expect(orgs.statusCode, orgs.body).toBe(200);
    expect((await file(owner, acme)).contacts.map((c) => c.personName).sort()).toEqual(['王芳', '赵敏']);
    expect((await owner.post(`/api/v1/merges/${json<{ mergeId: string }>(orgs).mergeId}/undo`)).statusCode).toBe(200);
    expect((await file(owner, acme2)).contacts.map((c) => c.personName)).toEqual(['赵敏']);

    const undo = await owner.post(`/api/v1/merges/${mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    const back = await file(owner, keep);
    const restored = await file(owner, dupe);
    expect(back.channels.map((c) => c.value)).toEqual(['13800001111']);
    expect(back.organizations.map((o) => o.organizationName)).toEqual(['顶峰贸易']);
    expect(restored.channels.map((c) => c.value)).toEqual(['wang@example.com']);
    expect(restored.addresses.map((a) => a.city)).toEqual(['苏州']);
    expect(restored.organizations.map((o) => o.organizationName).sort()).toEqual(['远山物流', '顶峰贸易']);
    expect((await file(owner, acme)).contacts.map((c) => c.personName).sort()).toEqual(['王芳', '王芳芳']);
    expect((await file(owner, friend)).referrerId).toBe(dupe);
    expect(await count(`/api/v1/interactions?customerId=${dupe}`)).toBe(1);
    expect(await count(`/api/v1/interactions?customerId=${keep}`)).toBe(0);
    expect(await count(`/api/v1/tasks?customerId=${dupe}&assignee=me`)).toBe(1);
    expect(await count(`/api/v1/orders?customerId=${dupe}`)).toBe(1);
    expect(json<{ totalSpend: number }>(await owner.get(`/api/v1/customers/${keep}`)).totalSpend).toBe(0);
    expect(json<{ totalSpend: number }>(await owner.get(`/api/v1/customers/${dupe}`)).totalSpend).toBe(10000);
    // The audit log tells the story.
    const actions = json<{ data: { action: string }[] }>(await owner.get(`/api/v1/audit-log?entityId=${keep}`)).data;
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['customer.merge', 'customer.merge_undo']));
  });

  it('refuses bad merges and another tenant’s or rep’s customers', async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const make = async (c: Client, body: Record<string, unknown>) =>
      json<{ id: string }>(await c.post('/api/v1/customers', body)).id;
    const p = await make(a.owner, { kind: 'person', name: '甲' });
    const o = await make(a.owner, { kind: 'organization', name: '乙公司' });
    const foreign = await make(b.owner, { kind: 'person', name: '丙' });
    expect((await a.owner.post(`/api/v1/customers/${p}/merge`, { otherId: p })).statusCode).toBe(422);
    expect((await a.owner.post(`/api/v1/customers/${p}/merge`, { otherId: o })).statusCode).toBe(422);
    expect((await a.owner.post(`/api/v1/customers/${p}/merge`, { otherId: foreign })).statusCode).toBe(404);
    expect(
      (await a.owner.post(`/api/v1/customers/${p}/merge`, { otherId: o, pick: { passwordHash: 'other' } })).statusCode,
    ).toBe(422);
    const rep = await h().user(a.owner, 'sales');
    const mine = await make(rep, { kind: 'person', name: '丁' });
    // Sales reps may not merge at all (a manager's or owner's call): 403, not a half-merge.
    expect((await rep.post(`/api/v1/customers/${mine}/merge`, { otherId: p })).statusCode).toBe(403);
    // Nothing was half-done: both still stand.
    expect((await a.owner.get(`/api/v1/customers/${p}`)).statusCode).toBe(200);
    expect((await a.owner.get(`/api/v1/customers/${mine}`)).statusCode).toBe(200);
  });

  it('reports shared phones and same name + city as far as the reader may see, and drops a group once merged', async () => {
    const { owner, tenantId } = await h().tenant({ locale: 'zh-CN' });
    const make = async (body: Record<string, unknown>) =>
      json<{ id: string }>(await owner.post('/api/v1/customers', body)).id;
    const a = await make({ kind: 'person', name: '韩梅梅', channels: [{ kind: 'phone', value: '138 0000 5555' }] });
    const b = await make({ kind: 'person', name: '韩梅' });
    // An imported file may already hold a number another customer has (creating one refuses it with 409).
    await h().database.db.execute(
      sql`insert into customer_channels (tenant_id, id, customer_id, kind, value, normalized, digits_reversed)
          values (${tenantId}, gen_random_uuid(), ${b}, 'phone', '13800005555', '+8613800005555', '5555000083168')`,
    );
    await make({ kind: 'person', name: '李雷', addresses: [{ city: '杭州' }] });
    await make({ kind: 'person', name: '李雷', addresses: [{ city: '杭州' }] });
    await make({ kind: 'person', name: '李雷', addresses: [{ city: '苏州' }] });
    type Group = { reason: string; key: string; customers: { id: string; name: string }[] };
    const report = async (c: Client) => json<{ data: Group[] }>(await c.get('/api/v1/customers/duplicates')).data;
    const groups = await report(owner);
    expect(groups.map((g) => [g.reason, g.key, g.customers.length]).sort()).toEqual([
      ['name_city', '李雷 / 杭州', 2],
      ['phone', '+8613800005555', 2],
    ]);
    expect(
      groups
        .find((g) => g.reason === 'phone')!
        .customers.map((c) => c.id)
        .sort(),
    ).toEqual([a, b].sort());
    // A rep sees neither: the customers are the owner's (a group of one visible customer is no group).
    const rep = await h().user(owner, 'sales');
    expect(await report(rep)).toEqual([]);
    expect((await owner.post(`/api/v1/customers/${a}/merge`, { otherId: b })).statusCode).toBe(200);
    expect((await report(owner)).map((g) => g.reason)).toEqual(['name_city']);
  });
});
