import { once } from 'node:events';
import { Writable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { createMailer } from './mailer.ts';

describe('mail over real SMTP', () => {
  it('delivers a message to an SMTP server on 127.0.0.1', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let text = '';
        stream.on('data', (c: Buffer) => {
          text += c.toString('utf8');
        });
        stream.on('end', () => {
          received.push(text);
          done();
        });
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    const port = (server.server.address() as { port: number }).port;
    try {
      const mailer = createMailer(`smtp://127.0.0.1:${port}`, 'Granary <no-reply@example.com>');
      expect(mailer.enabled).toBe(true);
      await mailer.send({ to: 'rep@example.com', subject: 'Invitation', text: '你好 — こんにちは' });
      expect(received).toHaveLength(1);
      expect(received[0]).toContain('Subject: Invitation');
      expect(received[0]).toContain('rep@example.com');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('is disabled without SMTP_URL', async () => {
    const m = createMailer(undefined, 'x');
    expect(m.enabled).toBe(false);
    await m.send({ to: 'a@b.c', subject: 's', text: 't' });
  });
});

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
