import { expect, it } from 'vitest';
import { Client, describeApi, json, PASSWORD } from '../../test/harness.ts';
import { settleAfterReply } from './after-reply.ts';

/** The defects an outside audit found in the ground floor (issue 9), each as a test that failed before its fix. */
describeApi('hardening: tokens, one-time links, leaks and headers', (h) => {
  it('a token never acts with more than its user has now, and dies with its expiry to the millisecond', async () => {
    const { owner } = await h().tenant();
    const admin = await h().user(owner, 'admin');
    const made = json<{ token: string }>(await admin.post('/api/v1/tokens', { name: 'sync', role: 'admin' }));
    const token = new Client(h().app, {
      bearer: made.token,
    });
    expect((await token.get('/api/v1/audit-log')).statusCode).toBe(200); // cached as admin now
    expect((await owner.patch(`/api/v1/users/${admin.info.userId}`, { role: 'sales' })).statusCode).toBe(200);
    expect((await token.get('/api/v1/audit-log')).statusCode).toBe(403);
    const newAdmin = await token.post('/api/v1/users', {
      email: `x${Date.now()}@example.com`,
      name: 'X',
      role: 'admin',
      password: PASSWORD,
    });
    expect(newAdmin.statusCode).toBe(403);

    const soon = new Date(Date.now() + 1200).toISOString();
    const brief = json<{ token: string }>(await owner.post('/api/v1/tokens', { name: 'brief', expiresAt: soon }));
    const briefClient = new Client(h().app, {
      bearer: brief.token,
    });
    expect((await briefClient.get('/api/v1/me')).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, new Date(soon).getTime() - Date.now() + 20)));
    expect((await briefClient.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('a deactivated user’s sessions and tokens end and do not come back on reactivation', async () => {
    const { owner } = await h().tenant();
    const rep = await h().user(owner, 'sales');
    const made = json<{ token: string }>(await rep.post('/api/v1/tokens', { name: 'phone' }));
    const token = new Client(h().app, {
      bearer: made.token,
    });
    expect((await rep.get('/api/v1/me')).statusCode).toBe(200);
    expect((await owner.patch(`/api/v1/users/${rep.info.userId}`, { active: false })).statusCode).toBe(200);
    expect((await rep.get('/api/v1/me')).statusCode).toBe(401);
    expect((await owner.patch(`/api/v1/users/${rep.info.userId}`, { active: true })).statusCode).toBe(200);
    expect((await rep.get('/api/v1/me')).statusCode).toBe(401);
    expect((await token.get('/api/v1/me')).statusCode).toBe(401);
    await h().signIn(rep.info.email!, PASSWORD); // a new sign-in works
  });

  it('a one-time link works once even when confirmed eight times at once', async () => {
    const { owner } = await h().tenant();
    const r = await owner.post('/api/v1/users', {
      email: `inv${Date.now()}@example.com`,
      name: 'Inv',
      role: 'sales',
      invite: true,
    });
    expect(r.statusCode).toBe(201);
    const token = new URL(json<{ inviteUrl: string }>(r).inviteUrl).searchParams.get('token')!;
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          h().anon.post('/api/v1/auth/password-reset/confirm', { token, password: `new-password-${round}-${i}` }),
        ),
      );
      const ok = answers.filter((a) => a.statusCode === 204).length;
      expect(ok).toBe(round === 0 ? 1 : 0);
      for (const a of answers) expect([204, 422, 429]).toContain(a.statusCode);
    }
  });

  it('password reset answers before it looks the address up, for known and unknown addresses alike', async () => {
    const { owner } = await h().tenant();
    await settleAfterReply();
    const before = h().mailer.sent.length;
    const known = await h().anon.post('/api/v1/auth/password-reset', { email: owner.info.email });
    expect(known.statusCode).toBe(202);
    expect(h().mailer.sent.length).toBe(before); // not yet: the answer went first
    const unknown = await h().anon.post('/api/v1/auth/password-reset', { email: 'nobody@example.com' });
    expect(unknown.body).toBe(known.body);
    await settleAfterReply();
    expect(h().mailer.sent.length).toBe(before + 1);
  });

  it('sends hardening headers, keeps personal data out of caches, and the SPA shell fresh', async () => {
    const { owner } = await h().tenant();
    const me = await owner.get('/api/v1/me');
    expect(me.headers['x-content-type-options']).toBe('nosniff');
    expect(me.headers['x-frame-options']).toBe('DENY');
    expect(me.headers['referrer-policy']).toBe('same-origin');
    expect(me.headers['cache-control']).toBe('no-store');
    expect(String(me.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const problem = await h().anon.get('/api/v1/customers');
    expect(problem.headers['cache-control']).toBe('no-store');
    const ready = await h().anon.get('/readyz');
    expect(ready.headers['x-content-type-options']).toBe('nosniff');
  });
});

describeApi('hardening: bad input is a 4xx problem, never a 500, and writes nothing', (h) => {
  it('refuses NUL characters and lone surrogates anywhere, with the field’s path', async () => {
    const { owner } = await h().tenant();
    for (const url of ['/api/v1/customers?q=%00', '/api/v1/customers?q=a%00b', '/api/v1/products?q=%00']) {
      const r = await owner.get(url);
      expect(r.statusCode, url).toBe(422);
      expect(r.json().errors[0]).toMatchObject({ path: 'query.q', code: 'nul_character' });
    }
    const nul = await owner.post('/api/v1/customers', { kind: 'person', name: 'a\u0000b' });
    expect(nul.statusCode).toBe(422);
    expect(nul.json().errors[0]).toMatchObject({ path: 'body.name', code: 'nul_character' });
    const lone = await owner.request('POST', '/api/v1/customers', '{"kind":"person","name":"a\\ud800b"}', {
      'content-type': 'application/json',
    });
    expect(lone.statusCode).toBe(422);
    expect(lone.json().errors[0]).toMatchObject({ path: 'body.name', code: 'lone_surrogate' });
    const nested = await owner.post('/api/v1/customers', {
      kind: 'person',
      name: 'ok',
      channels: [{ kind: 'email', value: 'a\u0000@example.com' }],
    });
    expect(nested.json().errors[0].path).toBe('body.channels.0.value');
    const list = json<{ data: { name: string }[] }>(await owner.get('/api/v1/customers?limit=200'));
    expect(list.data).toEqual([]);
  });

  it('refuses dates PostgreSQL cannot store and integers past their column', async () => {
    const { owner } = await h().tenant();
    for (const url of [
      '/api/v1/customers?createdFrom=0000-01-01',
      '/api/v1/customers?createdTo=275760-09-13',
      '/api/v1/audit-log?from=-271821-04-20',
    ]) {
      const r = await owner.get(url);
      expect(r.statusCode, url).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const task = await owner.post('/api/v1/tasks', { title: 'x', dueAt: '-271821-04-20' });
    expect(task.statusCode).toBe(422);
    expect(task.json().errors[0]).toMatchObject({ path: 'body.dueAt', code: 'out_of_range' });
    const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '甲' }));
    const big = await owner.post('/api/v1/orders', {
      customerId: c.id,
      lines: [{ name: 'tea', quantity: 2147483648, unitPrice: 100 }],
    });
    expect(big.statusCode).toBe(422);
    expect(big.json().errors[0].path).toBe('body.lines.0.quantity');
    const product = await owner.post('/api/v1/orders', {
      customerId: c.id,
      lines: [{ name: 'gold', quantity: 1_000_000, unitPrice: 1e13 }],
    });
    expect(product.statusCode).toBe(422);
    expect(product.json().errors[0]).toMatchObject({ path: 'body.lines.0.quantity', code: 'amount_too_large' });
    const many = await owner.post('/api/v1/orders', {
      customerId: c.id,
      lines: Array.from({ length: 500 }, () => ({ name: 'gold', quantity: 1000, unitPrice: 1e13 })),
    });
    expect(many.statusCode).toBe(422);
    expect((await owner.get(`/api/v1/orders?customerId=${c.id}`)).json().data).toEqual([]);
    const pos = await owner.post('/api/v1/custom-fields', { key: 'k', label: 'K', type: 'text', position: 2 ** 31 });
    expect(pos.statusCode).toBe(422);
  });

  it('refuses malformed and forged cursors on every list', async () => {
    const { owner } = await h().tenant();
    const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '乙' }));
    const lists = [
      '/api/v1/users',
      '/api/v1/audit-log',
      '/api/v1/products',
      `/api/v1/orders?customerId=${c.id}`,
      `/api/v1/interactions?customerId=${c.id}`,
      `/api/v1/customers/${c.id}/timeline`,
      '/api/v1/customers',
      '/api/v1/customers?q=yi',
    ];
    const forged = ['NQ', 'W10', 'bnVsbA', 'e30', 'WyJ4IiwieSJd', 'WzEsMiwzXQ', '!!!', 'W251bGwsbnVsbF0'];
    for (const list of lists)
      for (const cursor of forged) {
        const r = await owner.get(`${list}${list.includes('?') ? '&' : '?'}cursor=${cursor}`);
        expect(r.statusCode, `${list} ${cursor}`).toBe(422);
        expect(r.json().errors[0]).toMatchObject({ path: 'query.cursor', code: 'invalid_cursor' });
      }
  });

  it('an empty PATCH changes nothing and answers 200', async () => {
    const { owner } = await h().tenant();
    const f = json<{ id: string }>(
      await owner.post('/api/v1/custom-fields', { key: 'color', label: 'Color', type: 'text' }),
    );
    const r = await owner.patch(`/api/v1/custom-fields/${f.id}`, {});
    expect(r.statusCode).toBe(200);
    expect(r.json().label).toBe('Color');
    const item = json<{ id: string }>(await owner.post('/api/v1/picklists/grade', { code: 'vip', label: 'VIP' }));
    expect((await owner.patch(`/api/v1/picklists/grade/${item.id}`, {})).statusCode).toBe(200);
  });
});

describeApi('hardening: ids in a body are checked against the tenant and what the actor may see', (h) => {
  it('refuses another rep’s customer, another tenant’s person and user on tasks and diary entries', async () => {
    const { owner } = await h().tenant();
    const other = await h().tenant();
    const rep1 = await h().user(owner, 'sales');
    const rep2 = await h().user(owner, 'sales');
    const theirs = json<{ id: string }>(await rep1.post('/api/v1/customers', { kind: 'person', name: '丙' }));
    const org = json<{ id: string }>(await rep2.post('/api/v1/customers', { kind: 'organization', name: '丁公司' }));
    const foreign = json<{ id: string }>(await other.owner.post('/api/v1/customers', { kind: 'person', name: '外' }));
    const task = json<{ id: string }>(
      await rep2.post('/api/v1/tasks', { title: 'call', dueAt: '2026-12-02T01:00:00Z' }),
    );

    const attach = await rep2.patch(`/api/v1/tasks/${task.id}`, { customerId: theirs.id });
    expect(attach.statusCode).toBe(422);
    expect(attach.json().errors[0]).toMatchObject({ path: 'body.customerId', code: 'unknown_customer' });
    expect(JSON.stringify(attach.json())).not.toContain('丙');
    const unknown = await rep2.patch(`/api/v1/tasks/${task.id}`, {
      customerId: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual(attach.json().errors); // unknown and invisible look the same
    for (const body of [
      { contactId: foreign.id },
      { assigneeId: other.owner.info.userId },
      { customerId: foreign.id },
    ]) {
      const r = await rep2.patch(`/api/v1/tasks/${task.id}`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      const created = await rep2.post('/api/v1/tasks', { title: 'x', dueAt: '2026-12-02T01:00:00Z', ...body });
      expect(created.statusCode, JSON.stringify(body)).toBe(422);
    }
    const after = json<Record<string, unknown>>(await rep2.get(`/api/v1/tasks?status=open`));
    expect(JSON.stringify(after)).not.toContain(theirs.id);
    // rep1's file does not show rep2's task
    const file = json<{ sections: { tasks: unknown[] } }>(await rep1.get(`/api/v1/customers/${theirs.id}/360`));
    expect(file.sections.tasks).toEqual([]);

    const entry = json<{ interaction: { id: string } }>(
      await rep2.post('/api/v1/interactions', { customerId: org.id, type: 'call', summary: 'first call' }),
    ).interaction;
    const correction = await rep2.patch(`/api/v1/interactions/${entry.id}`, { contactIds: [foreign.id] });
    expect(correction.statusCode).toBe(422);
    expect(correction.json().errors[0]).toMatchObject({ path: 'body.contactIds.0', code: 'not_a_contact' });
    const stored = json<{ data: { contactIds: string[] }[] }>(
      await rep2.get(`/api/v1/interactions?customerId=${org.id}`),
    );
    expect(stored.data[0].contactIds).toEqual([]);
  });

  it('the file’s open tasks and its timeline follow the task read scope, and the timeline pages by (time, id)', async () => {
    const { owner } = await h().tenant();
    const service = await h().user(owner, 'service');
    const c = json<{ id: string }>(
      await owner.post('/api/v1/customers', { kind: 'person', name: '戊', ownerId: null }),
    );
    await owner.post('/api/v1/tasks', { title: 'owner secret task', dueAt: '2026-12-03T01:00:00Z', customerId: c.id });
    await service.post('/api/v1/tasks', { title: 'my own task', dueAt: '2026-12-03T01:00:00Z', customerId: c.id });
    const file = json<{ sections: { tasks: { title: string }[] } }>(await service.get(`/api/v1/customers/${c.id}/360`));
    expect(file.sections.tasks.map((t) => t.title)).toEqual(['my own task']);
    const tl = json<{ data: { kind: string; title: string }[] }>(
      await service.get(`/api/v1/customers/${c.id}/timeline`),
    );
    expect(tl.data.filter((i) => i.kind === 'task').map((i) => i.title)).toEqual(['my own task']);

    // Twelve diary entries in one millisecond: paged one at a time, none is skipped or repeated.
    const at = '2026-11-30T02:00:00.000Z';
    for (let i = 0; i < 12; i++)
      await owner.post('/api/v1/interactions', { customerId: c.id, type: 'call', summary: `s${i}`, occurredAt: at });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 40; n++) {
      const url: string = `/api/v1/customers/${c.id}/timeline?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: { id: string; kind: string }[]; nextCursor: string | null } = json(await owner.get(url));
      seen.push(...page.data.filter((d) => d.kind === 'interaction').map((d) => d.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen.length).toBe(12);
    expect(new Set(seen).size).toBe(12);
  });
});
