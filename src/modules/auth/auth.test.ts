import { expect, it } from 'vitest';
import { Client, describeApi, json, PASSWORD } from '../../../test/harness.ts';
import { settleAfterReply } from '../../http/after-reply.ts';

describeApi('sign-in, sessions, CSRF, tokens', (h) => {
  it('signs in and out; the cookie stops working after logout', async () => {
    const { owner } = await h().tenant();
    expect((await owner.get('/api/v1/me')).statusCode).toBe(200);
    expect((await owner.post('/api/v1/auth/logout')).statusCode).toBe(204);
    const r = await owner.get('/api/v1/me');
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it('rejects a wrong password with 401 and the same message as an unknown email', async () => {
    const { owner } = await h().tenant();
    const wrong = await h().anon.post('/api/v1/auth/login', { email: owner.info.email, password: 'wrong-password!!' });
    const unknown = await h().anon.post('/api/v1/auth/login', {
      email: 'nobody@nowhere.example',
      password: 'wrong-password!!',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong).detail).toBe(json(unknown).detail);
  });

  it('refuses a state-changing request without the CSRF token, accepts it with', async () => {
    const { owner } = await h().tenant();
    const noCsrf = new Client(h().app, { cookie: owner.auth.cookie });
    const r = await noCsrf.patch('/api/v1/tenant', { name: 'Renamed' });
    expect(r.statusCode).toBe(403);
    expect(json(r).code).toBe('csrf_failed');
    const forged = new Client(h().app, { cookie: owner.auth.cookie, csrf: 'forged-token' });
    expect((await forged.patch('/api/v1/tenant', { name: 'Renamed' })).statusCode).toBe(403);
    expect((await owner.patch('/api/v1/tenant', { name: 'Renamed' })).statusCode).toBe(200);
  });

  it('rate-limits repeated login attempts with a clear 429', async () => {
    const { owner } = await h().tenant();
    let last = 0;
    for (let i = 0; i < 12; i++)
      last = (await h().anon.post('/api/v1/auth/login', { email: owner.info.email, password: 'bad-password-x' }))
        .statusCode;
    expect(last).toBe(429);
    const r = await h().anon.post('/api/v1/auth/login', { email: owner.info.email, password: PASSWORD });
    expect(r.statusCode).toBe(429);
    expect(json(r).code).toBe('rate_limited');
    expect(r.headers['retry-after']).toBeDefined();
  });

  it('lists my sessions and revokes another one', async () => {
    const { owner } = await h().tenant();
    const second = await h().signIn(owner.info.email!, PASSWORD);
    const list = json<{ data: { id: string; current: boolean }[] }>(await owner.get('/api/v1/auth/sessions')).data;
    expect(list.length).toBe(2);
    const other = list.find((s) => !s.current)!;
    expect((await owner.delete(`/api/v1/auth/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await second.get('/api/v1/me')).statusCode).toBe(401);
    expect((await owner.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('changes the password: old one fails, other sessions end', async () => {
    const { owner } = await h().tenant();
    const other = await h().signIn(owner.info.email!, PASSWORD);
    const bad = await owner.post('/api/v1/auth/password', {
      currentPassword: 'nope-nope-nope',
      newPassword: 'brand-new-password',
    });
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { path: string }[] }>(bad).errors[0].path).toBe('body.currentPassword');
    const ok = await owner.post('/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'brand-new-password',
    });
    expect(ok.statusCode).toBe(204);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
    expect((await owner.get('/api/v1/me')).statusCode).toBe(200);
    expect(
      (await h().anon.post('/api/v1/auth/login', { email: owner.info.email, password: PASSWORD })).statusCode,
    ).toBe(401);
    await h().signIn(owner.info.email!, 'brand-new-password');
  });

  it('resets a forgotten password through the mailed one-time link', async () => {
    const { owner } = await h().tenant();
    const before = h().mailer.sent.length;
    const r = await h().anon.post('/api/v1/auth/password-reset', { email: owner.info.email });
    expect(r.statusCode).toBe(202);
    const unknown = await h().anon.post('/api/v1/auth/password-reset', { email: 'ghost@example.com' });
    expect(unknown.statusCode).toBe(202);
    await settleAfterReply();
    expect(h().mailer.sent.length).toBe(before + 1);
    const token = /token=([\w-]+)/.exec(h().mailer.sent[before].text)![1];
    const confirm = await h().anon.post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'reset-password-123',
    });
    expect(confirm.statusCode).toBe(204);
    const again = await h().anon.post('/api/v1/auth/password-reset/confirm', { token, password: 'reset-password-456' });
    expect(again.statusCode).toBe(422);
    await h().signIn(owner.info.email!, 'reset-password-123');
  });

  it('authenticates API tokens without CSRF, within their role, until revoked', async () => {
    const { owner } = await h().tenant();
    const created = await owner.post('/api/v1/tokens', { name: 'ERP sync', role: 'sales' });
    expect(created.statusCode).toBe(201);
    const { token, id } = json<{ token: string; id: string }>(created);
    expect(token).toMatch(/^gra_/);
    const listed = json<{ data: Record<string, unknown>[] }>(await owner.get('/api/v1/tokens')).data;
    expect(listed.find((t) => t.id === id)).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(token);
    const bot = new Client(h().app, { bearer: token });
    const me = json<{ via: string; permissions: string[] }>(await bot.get('/api/v1/me'));
    expect(me.via).toBe('token');
    expect(me.permissions).not.toContain('user.manage');
    // Bound to the sales role: cannot add users even though its creator is the owner.
    const add = await bot.post('/api/v1/users', {
      email: 'x@example.com',
      name: 'X',
      role: 'sales',
      password: PASSWORD,
    });
    expect(add.statusCode).toBe(403);
    expect((await owner.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(204);
    const after = await bot.get('/api/v1/me');
    expect(after.statusCode).toBe(401);
    expect(json(after).code).toBe('invalid_token');
  });

  it('refuses a token with more power than its creator', async () => {
    const { owner } = await h().tenant();
    const sales = await h().user(owner, 'sales');
    const r = await sales.post('/api/v1/tokens', { name: 'mine', role: 'admin' });
    expect(r.statusCode).toBe(403);
    expect((await sales.post('/api/v1/tokens', { name: 'mine' })).statusCode).toBe(201);
  });

  it('keeps deactivated users out but keeps their record', async () => {
    const { owner } = await h().tenant();
    const rep = await h().user(owner, 'sales');
    const r = await owner.patch(`/api/v1/users/${rep.info.userId}`, { active: false });
    expect(r.statusCode).toBe(200);
    expect(json(r).deactivatedAt).not.toBeNull();
    expect((await rep.get('/api/v1/me')).statusCode).toBe(401);
    expect((await h().anon.post('/api/v1/auth/login', { email: rep.info.email, password: PASSWORD })).statusCode).toBe(
      401,
    );
    expect((await owner.get(`/api/v1/users/${rep.info.userId}`)).statusCode).toBe(200);
  });

  it('keeps at least one active owner', async () => {
    const { owner } = await h().tenant();
    const admin = await h().user(owner, 'admin');
    const r = await admin.patch(`/api/v1/users/${owner.info.userId}`, { active: false });
    expect(r.statusCode).toBe(403); // an admin cannot touch an owner at all
    const self = await owner.patch(`/api/v1/users/${owner.info.userId}`, { active: false });
    expect(self.statusCode).toBe(403);
  });
});
