import { expect, it } from 'vitest';
import { describeApi, json, PASSWORD } from '../../../test/harness.ts';

describeApi('first-run setup', (h) => {
  const body = {
    tenant: { name: '山田商店', locale: 'ja' },
    owner: { name: '山田太郎', email: 'Taro@Yamada.example.jp', password: PASSWORD },
  };

  it('reports setup as needed on an empty database', async () => {
    const r = await h().anon.get('/api/v1/setup');
    expect(json(r)).toEqual({ needed: true });
  });

  it('rejects a setup with a bad currency and a short password without creating anything', async () => {
    const r = await h().anon.post('/api/v1/setup', {
      tenant: { name: 'X', locale: 'ja', currency: 'YEN' },
      owner: { name: 'x', email: 'x@example.com', password: 'short' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const paths = json<{ errors: { path: string }[] }>(r).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.tenant.currency', 'body.owner.password']));
    expect(json(await h().anon.get('/api/v1/setup'))).toEqual({ needed: true });
  });

  it('creates the tenant with language defaults and signs the owner in', async () => {
    const r = await h().anon.post('/api/v1/setup', body);
    expect(r.statusCode).toBe(201);
    const t = json<{ tenant: { currency: string; timezone: string; phoneRegion: string }; csrfToken: string }>(r);
    expect(t.tenant).toMatchObject({ currency: 'JPY', timezone: 'Asia/Tokyo', phoneRegion: 'JP' });
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await h().app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookie.split(';')[0] } });
    expect(me.statusCode).toBe(200);
    expect(json<{ user: { role: string; email: string } }>(me).user).toMatchObject({
      role: 'owner',
      email: 'taro@yamada.example.jp',
    });
  });

  it('refuses a second web setup once a tenant exists', async () => {
    const r = await h().anon.post('/api/v1/setup', { ...body, owner: { ...body.owner, email: 'other@example.com' } });
    expect(r.statusCode).toBe(409);
    expect(json(r).code).toBe('already_set_up');
    expect(json(await h().anon.get('/api/v1/setup'))).toEqual({ needed: false });
  });

  it('writes audit entries for the tenant and its owner', async () => {
    const owner = await h().signIn('taro@yamada.example.jp', PASSWORD);
    const r = await owner.get('/api/v1/audit-log?entity=tenant');
    expect(r.statusCode).toBe(200);
    expect(json<{ data: { action: string }[] }>(r).data.map((e) => e.action)).toContain('tenant.create');
  });
});
