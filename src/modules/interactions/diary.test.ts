import { expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';

type Day = {
  overdue: { title: string }[];
  today: { id: string; title: string }[];
  upcoming: { title: string }[];
  birthdays: { name: string; kind: string; age: number | null }[];
  counts: Record<string, number>;
};

describeApi('sales diary, tasks and my day', (h) => {
  it('logs a call with a next step that lands in My day, and completes it', async () => {
    const { owner } = await h().tenant({ locale: 'zh-CN' });
    const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '周杰' }));
    const r = await owner.post('/api/v1/interactions', {
      customerId: c.id,
      type: 'call',
      direction: 'out',
      summary: '询问新茶',
      sentiment: 'praise',
      nextStep: { title: '寄样品', dueAt: '2026-11-23T02:00:00Z' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const { task, interaction } = json<{
      task: { id: string; customerId: string; interactionId: string };
      interaction: { id: string };
    }>(r);
    expect(task).toMatchObject({ customerId: c.id, interactionId: interaction.id });
    // 2026-11-23 00:30 in Shanghai (16:30 UTC the day before): the task is due today there.
    const day = json<Day>(await owner.get('/api/v1/my-day?at=2026-11-22T16:30:00Z'));
    expect(day.today.map((t) => t.title)).toEqual(['寄样品']);
    expect(day.counts.today).toBe(1);
    // At 15:30 UTC it is still the 22nd in Shanghai: the task is upcoming.
    expect(json<Day>(await owner.get('/api/v1/my-day?at=2026-11-22T15:30:00Z')).upcoming.map((t) => t.title)).toEqual([
      '寄样品',
    ]);
    expect(json<Day>(await owner.get('/api/v1/my-day?at=2026-11-24T01:00:00Z')).overdue.map((t) => t.title)).toEqual([
      '寄样品',
    ]);
    const done = await owner.post(`/api/v1/tasks/${task.id}/complete`);
    expect(json<{ doneAt: string | null }>(done).doneAt).not.toBeNull();
    expect(json<Day>(await owner.get('/api/v1/my-day?at=2026-11-22T16:30:00Z')).today).toEqual([]);
    expect(json<{ doneAt: string | null }>(await owner.post(`/api/v1/tasks/${task.id}/reopen`)).doneAt).toBeNull();
    const file = json<{
      customer: { lastInteractionAt: string };
      sections: { interactions: unknown[]; tasks: unknown[] };
    }>(await owner.get(`/api/v1/customers/${c.id}/360`));
    expect(file.customer.lastInteractionAt).not.toBeNull();
    expect(file.sections.interactions).toHaveLength(1);
    expect(file.sections.tasks).toHaveLength(1);
    const tl = json<{ data: { kind: string }[] }>(await owner.get(`/api/v1/customers/${c.id}/timeline`));
    expect(tl.data.map((i) => i.kind)).toEqual(expect.arrayContaining(['interaction', 'task', 'change']));
  });

  it('uses the Tokyo day for a Japanese business', async () => {
    const { owner } = await h().tenant({ locale: 'ja' });
    await owner.post('/api/v1/tasks', { title: '電話', dueAt: '2026-11-22T15:30:00Z' });
    expect(json<Day>(await owner.get('/api/v1/my-day?at=2026-11-22T15:10:00Z')).today.map((t) => t.title)).toEqual([
      '電話',
    ]);
    expect(json<Day>(await owner.get('/api/v1/my-day?at=2026-11-22T14:50:00Z')).upcoming.map((t) => t.title)).toEqual([
      '電話',
    ]);
  });

  it("lists today's birthdays of my customers and my organizations' contacts", async () => {
    const { owner } = await h().tenant({ locale: 'zh-CN' });
    await owner.post('/api/v1/customers', { kind: 'person', name: '生日甲', birthday: '1990-03-01' });
    await owner.post('/api/v1/customers', { kind: 'person', name: '生日乙', birthday: '--03-01' });
    await owner.post('/api/v1/customers', { kind: 'person', name: '闰日', birthday: '2000-02-29' });
    const org = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'organization', name: '茶叶公司' }));
    await owner.post(`/api/v1/customers/${org.id}/contacts`, {
      person: { name: '联系人丙', birthday: '--03-01', ownerId: null },
      role: 'operator',
    });
    const day = json<Day>(await owner.get('/api/v1/my-day?at=2027-03-01T04:00:00Z'));
    expect(day.birthdays.map((b) => `${b.name}:${b.kind}:${b.age}`).sort()).toEqual(
      ['生日乙:customer:null', '生日甲:customer:37', '联系人丙:contact:null'].sort(),
    );
    const feb28 = json<Day>(await owner.get('/api/v1/my-day?at=2027-02-28T04:00:00Z'));
    expect(feb28.birthdays.map((b) => b.name)).toEqual(['闰日']);
  });

  it('shows an owner every visible birthday and a rep only their own; a manager lists the team’s tasks', async () => {
    const { owner } = await h().tenant({ locale: 'zh-CN' });
    const east = json<{ id: string }>(await owner.post('/api/v1/org-units', { name: 'East', kind: 'department' }));
    const west = json<{ id: string }>(await owner.post('/api/v1/org-units', { name: 'West', kind: 'department' }));
    const manager = await h().user(owner, 'manager', east.id);
    const rep = await h().user(owner, 'sales', east.id);
    const far = await h().user(owner, 'sales', west.id);
    await rep.post('/api/v1/customers', { kind: 'person', name: '东区客户', birthday: '--05-05' });
    await far.post('/api/v1/customers', { kind: 'person', name: '西区客户', birthday: '--05-05' });
    const at = '/api/v1/my-day?at=2027-05-05T04:00:00Z';
    const names = async (c: typeof owner) =>
      json<Day>(await c.get(at))
        .birthdays.map((b) => b.name)
        .sort();
    expect(await names(owner)).toEqual(['东区客户', '西区客户'].sort());
    expect(await names(manager)).toEqual(['东区客户']);
    expect(await names(rep)).toEqual(['东区客户']);
    expect(await names(far)).toEqual(['西区客户']);

    await rep.post('/api/v1/tasks', { title: '东区任务', dueAt: '2027-05-06T01:00:00Z' });
    await far.post('/api/v1/tasks', { title: '西区任务', dueAt: '2027-05-06T01:00:00Z' });
    const team = async (c: typeof owner) =>
      json<{ data: { title: string }[] }>(await c.get('/api/v1/tasks?assignee=team'))
        .data.map((t) => t.title)
        .sort();
    expect(await team(manager)).toEqual(['东区任务']);
    expect(await team(owner)).toEqual(['东区任务', '西区任务'].sort());
    expect(await team(rep)).toEqual(['东区任务']);
  });

  it('refuses bad diary input with field paths', async () => {
    const { owner } = await h().tenant();
    const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'organization', name: '甲公司' }));
    const other = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '外人' }));
    const cases: [Record<string, unknown>, string][] = [
      [{ customerId: c.id, type: 'telepathy', summary: 'x' }, 'body.type'],
      [{ customerId: c.id, type: 'call', summary: '' }, 'body.summary'],
      [{ customerId: c.id, type: 'call', summary: 'x'.repeat(5001) }, 'body.summary'],
      [{ customerId: c.id, type: 'call', summary: 'x', contactIds: [other.id] }, 'body.contactIds.0'],
      [{ customerId: c.id, type: 'call', summary: 'x', occurredAt: '2999-01-01T00:00:00Z' }, 'body.occurredAt'],
      [
        { customerId: c.id, type: 'call', summary: 'x', nextStep: { title: 'y', dueAt: 'tomorrow-ish' } },
        'body.nextStep.dueAt',
      ],
    ];
    for (const [body, path] of cases) {
      const r = await owner.post('/api/v1/interactions', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(json<{ errors: { path: string }[] }>(r).errors.map((e) => e.path)).toContain(path);
    }
    expect(json<{ data: unknown[] }>(await owner.get(`/api/v1/interactions?customerId=${c.id}`)).data).toEqual([]);
  });

  it("keeps another rep's and another tenant's diary and tasks out of reach", async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const rep = await h().user(a.owner, 'sales');
    const rep2 = await h().user(a.owner, 'sales');
    const c = json<{ id: string }>(await rep.post('/api/v1/customers', { kind: 'person', name: '客户甲' }));
    const t = json<{ task: { id: string } }>(
      await rep.post('/api/v1/interactions', {
        customerId: c.id,
        type: 'visit',
        summary: '拜访',
        nextStep: { title: '回访', dueAt: '2026-12-01T02:00:00Z' },
      }),
    ).task;
    expect((await rep2.post(`/api/v1/tasks/${t.id}/complete`)).statusCode).toBe(404);
    expect((await b.owner.post(`/api/v1/tasks/${t.id}/complete`)).statusCode).toBe(404);
    expect((await rep2.post('/api/v1/interactions', { customerId: c.id, type: 'call', summary: 'x' })).statusCode).toBe(
      404,
    );
    expect((await b.owner.get(`/api/v1/interactions?customerId=${c.id}`)).statusCode).toBe(404);
    const outOfScope = await rep.post('/api/v1/tasks', {
      title: 'x',
      dueAt: '2026-12-01T00:00:00Z',
      assigneeId: rep2.info.userId,
    });
    expect(outOfScope.statusCode).toBe(422);
    expect(outOfScope.json().errors[0]).toMatchObject({ path: 'body.assigneeId', code: 'assignee_out_of_scope' });
    expect(
      (
        await a.owner.post('/api/v1/tasks', {
          title: '交给你',
          dueAt: '2026-12-01T00:00:00Z',
          assigneeId: rep2.info.userId,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      json<{ data: { title: string }[] }>(await rep2.get('/api/v1/tasks?status=open')).data.map((x) => x.title),
    ).toEqual(['交给你']);
    expect((await a.owner.post(`/api/v1/tasks/${t.id}/complete`)).statusCode).toBe(200);
  });
});
