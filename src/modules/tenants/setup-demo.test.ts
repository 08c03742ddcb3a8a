import { expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';

describeApi('setup page: explore with demo data', (h) => {
  it('refuses a locale it does not know, creating nothing', async () => {
    const r = await h().anon.post('/api/v1/setup/demo', { locale: 'fr' });
    expect(r.statusCode).toBe(422);
    expect(json(await h().anon.get('/api/v1/setup'))).toEqual({ needed: true });
  });

  it('creates a small demo business while none exists and signs its owner in', async () => {
    const r = await h().anon.post('/api/v1/setup/demo', { locale: 'ja' });
    expect(r.statusCode, r.body).toBe(201);
    const body = json<{ tenant: { locale: string; currency: string }; email: string; password: string }>(r);
    expect(body.tenant).toMatchObject({ locale: 'ja', currency: 'JPY' });
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    const me = await h().app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(json<{ user: { role: string; email: string } }>(me).user).toMatchObject({
      role: 'owner',
      email: body.email,
    });
    // The credentials it returns sign in again later (the setup page shows them).
    const owner = await h().signIn(body.email, body.password);
    const list = json<{ data: unknown[] }>(await owner.get('/api/v1/customers?limit=50'));
    expect(list.data).toHaveLength(50);
    expect(json(await h().anon.get('/api/v1/setup'))).toEqual({ needed: false });
  });

  it('is refused once a business exists', async () => {
    const r = await h().anon.post('/api/v1/setup/demo', {});
    expect(r.statusCode).toBe(409);
    expect(json(r).code).toBe('already_set_up');
  });

  it('keeps the local demo channel for a granary command with the key', async () => {
    const r = await h().anon.post('/api/v1/local/demo', { customers: 10, orders: 10, locale: 'en', seed: 1 });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });
});
