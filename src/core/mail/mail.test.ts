import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/free-port.ts';
import { DB_KINDS, openTestDatabase } from '../../../test/harness.ts';
import { type Database, rows } from '../../db/client.ts';
import { outboxMailer } from './mailer.ts';
import { deliverMail, smtpTransport } from './outbox.ts';

const logger = pino({ level: 'silent' });

/** A real SMTP server on 127.0.0.1 that refuses one address for good (550). */
async function smtpServer(port: number, received: string[]) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, done) {
      if (address.address.startsWith('nobody@')) {
        const err = new Error('No such user here') as Error & { responseCode: number };
        err.responseCode = 550;
        return done(err);
      }
      done();
    },
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
  server.listen(port, '127.0.0.1');
  await once(server.server, 'listening');
  return { close: () => new Promise<void>((r) => server.close(() => r())) };
}

for (const kind of DB_KINDS) {
  describe(`mail outbox over real SMTP [${kind}]`, () => {
    let database: Database;
    let tenantId: string;
    beforeAll(async () => {
      database = await openTestDatabase(kind);
      const [t] = await rows<{ id: string }>(
        database.db,
        sql`insert into tenants (id, name, slug, currency, timezone, phone_region, locale)
            values (gen_random_uuid(), 'Mail', ${`mail-${kind}`}, 'CNY', 'Asia/Shanghai', 'CN', 'zh-CN') returning id`,
      );
      tenantId = t.id;
    });
    afterAll(() => database.close());

    const log = () =>
      rows<{ to: string; state: string; attempts: number; last_response: string | null; next_at: Date }>(
        database.db,
        sql`select "to", state, attempts, last_response, next_at from mail_outbox where tenant_id = ${tenantId} order by created_at`,
      );

    it('keeps mail while the SMTP server is down, sends it once when it is back, and gives up on a 550', async () => {
      const port = await freePort();
      const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
      const mailer = outboxMailer(database.db, true);
      await mailer.send({
        tenantId,
        kind: 'invitation',
        to: 'rep@example.com',
        subject: '邀请 — 招待',
        text: '你好 — こんにちは',
        idempotencyKey: 'invite-1',
      });
      await mailer.send({
        tenantId,
        kind: 'invitation',
        to: 'rep@example.com',
        subject: 'again',
        text: 'same key',
        idempotencyKey: 'invite-1',
      });
      expect(await log()).toHaveLength(1); // the same key is the same message

      // Down: nothing listens on the port.
      expect(await deliverMail(database.db, transport, 'Granary <no-reply@example.com>', logger)).toBe(0);
      let [m] = await log();
      expect(m.state).toBe('deferred');
      expect(m.attempts).toBe(1);
      expect(m.last_response).toMatch(/ECONNREFUSED|connect/i);
      expect(new Date(m.next_at).getTime()).toBeGreaterThan(Date.now() + 20_000); // backoff, not a busy loop
      // Still down ten minutes later (the retry is due): deferred again, nothing lost.
      await database.db.execute(sql`update mail_outbox set next_at = now() where tenant_id = ${tenantId}`);
      await deliverMail(database.db, transport, 'Granary <no-reply@example.com>', logger);
      [m] = await log();
      expect(m).toMatchObject({ state: 'deferred', attempts: 2 });

      // Back: the next due retry sends it, once.
      const received: string[] = [];
      const server = await smtpServer(port, received);
      try {
        await database.db.execute(sql`update mail_outbox set next_at = now() where tenant_id = ${tenantId}`);
        expect(await deliverMail(database.db, transport, 'Granary <no-reply@example.com>', logger)).toBe(1);
        expect(await deliverMail(database.db, transport, 'Granary <no-reply@example.com>', logger)).toBe(0);
        expect(received).toHaveLength(1);
        expect(received[0]).toContain('rep@example.com');
        expect(received[0]).toMatch(/Message-ID: <[0-9a-f-]+@granary>/i);
        [m] = await log();
        expect(m.state).toBe('sent');
        expect(m.last_response).toMatch(/^250/);

        await mailer.send({ tenantId, kind: 'invitation', to: 'nobody@example.com', subject: 's', text: 't' });
        await deliverMail(database.db, transport, 'Granary <no-reply@example.com>', logger);
        const refused = (await log()).find((r) => r.to === 'nobody@example.com');
        expect(refused?.state).toBe('failed');
        expect(refused?.last_response).toMatch(/550|No such user/);
        expect(received).toHaveLength(1);
      } finally {
        await server.close();
      }
    });

    it('two drains at once send each message once (the sending lease)', async () => {
      const port = await freePort();
      const received: string[] = [];
      const server = await smtpServer(port, received);
      try {
        const mailer = outboxMailer(database.db, true);
        for (let i = 0; i < 30; i++)
          await mailer.send({ tenantId, kind: 'notification', to: `u${i}@example.com`, subject: `n${i}`, text: 't' });
        const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
        const sent = await Promise.all([
          deliverMail(database.db, transport, 'x@example.com', logger),
          deliverMail(database.db, transport, 'x@example.com', logger),
        ]);
        expect(sent[0] + sent[1]).toBe(30);
        expect(received).toHaveLength(30);
      } finally {
        await server.close();
      }
    });
  });
}
