import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';

describe('logs', () => {
  it('keep cookies, tokens and search terms out of request logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const { createLogger } = await import('../logger.ts');
    const logger = createLogger('info', sink);
    const { default: Fastify } = await import('fastify');
    const app = Fastify({ loggerInstance: logger });
    app.get('/api/v1/customers', async () => ({ ok: true }));
    await app.inject({
      method: 'GET',
      url: '/api/v1/customers?q=%E5%BC%A0%E4%B8%89&phone=13800138000',
      headers: { cookie: 'granary_session=secret', authorization: 'Bearer gra_secret' },
    });
    await app.close();
    const all = lines.join('');
    expect(all).toContain('/api/v1/customers');
    expect(all).not.toContain('13800138000');
    expect(all).not.toContain('%E5%BC%A0');
    expect(all).not.toContain('secret');
  });
});
