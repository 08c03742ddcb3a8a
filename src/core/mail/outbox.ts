import { and, eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { type Db, rows, type Tx } from '../../db/client.ts';
import { emit } from '../events.ts';
import { newestFirst, type Page } from '../pagination.ts';
import { type MailState, mailOutbox } from './schema.ts';

export interface OutgoingMail {
  /** What the mail is for ("password_reset", "invitation", "notification", later "campaign"). */
  kind: string;
  /** Same key, same message: a second enqueue is a no-op (a retried request, a redelivered event). */
  idempotencyKey: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface MailTransport {
  send(mail: OutgoingMail & { from: string; messageId: string }): Promise<{ response: string }>;
}

/** The in-process event that wakes the mail worker after the enqueuing transaction commits. */
export const MAIL_QUEUED = 'mail.queued';

/** A mail joins the outbox inside the caller's transaction: it is sent if and only if that commits. */
export async function enqueueMail(tx: Tx, tenantId: string, mail: OutgoingMail): Promise<void> {
  await tx.execute(sql`insert into mail_outbox (tenant_id, id, kind, idempotency_key, "to", subject, text, html, headers)
    values (${tenantId}, gen_random_uuid(), ${mail.kind}, ${mail.idempotencyKey}, ${mail.to}, ${mail.subject},
            ${mail.text}, ${mail.html ?? null}, ${mail.headers ? JSON.stringify(mail.headers) : null}::jsonb)
    on conflict do nothing`);
  await emit(tx, { type: MAIL_QUEUED, tenantId });
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    send: async (m) => {
      const info = await transport.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: m.headers,
        messageId: m.messageId,
      });
      return { response: String(info.response ?? 'accepted') };
    },
  };
}

const BATCH = 20;
const LEASE_SECONDS = 120;
/** A message still refused after this long is given up (failed) instead of retried. */
const GIVE_UP_AFTER_HOURS = 72;
/** 30 s doubling, at most 5 minutes apart: a server back after 10 minutes gets its mail within 5. */
export const mailBackoffSeconds = (attempts: number): number => Math.min(300, 30 * 2 ** Math.max(0, attempts - 1));

interface MailRow {
  tenant_id: string;
  id: string;
  kind: string;
  idempotency_key: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string> | null;
  attempts: number;
  created_at: Date | string;
}

/** A refusal the server means for good (5xx); connection failures and 4xx are worth another try. */
function permanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends due mail until none is left. Each row is claimed with a lease (two processes never send one row at
 * once); the Message-ID is the row's, so a resend after a crash between the server's acceptance and our
 * bookkeeping is recognisable as the same message.
 */
export async function deliverMail(db: Db, transport: MailTransport, from: string, logger: Logger): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await rows<MailRow>(
      db,
      sql`update mail_outbox m set state = 'sending', attempts = attempts + 1,
            locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
          from (select tenant_id, id from mail_outbox
                where next_at <= now()
                  and (state in ('queued', 'deferred') or (state = 'sending' and locked_until < now()))
                order by next_at limit ${BATCH} for update skip locked) due
          where m.tenant_id = due.tenant_id and m.id = due.id
          returning m.*`,
    );
    for (const r of batch) {
      try {
        const info = await transport.send({
          kind: r.kind,
          idempotencyKey: r.idempotency_key,
          to: r.to,
          subject: r.subject,
          text: r.text,
          html: r.html ?? undefined,
          headers: r.headers ?? undefined,
          from,
          messageId: `<${r.id}@granary>`,
        });
        await db.execute(sql`update mail_outbox set state = 'sent', sent_at = now(), locked_until = null,
            last_response = ${info.response.slice(0, 500)}, message_id = ${`<${r.id}@granary>`}
          where tenant_id = ${r.tenant_id} and id = ${r.id}`);
        sent++;
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        const age = Date.now() - new Date(r.created_at).getTime();
        const failed = permanent(err) || age > GIVE_UP_AFTER_HOURS * 3600_000;
        logger.warn({ mail: r.id, kind: r.kind, attempts: r.attempts, err: message }, 'mail not sent');
        await db.execute(sql`update mail_outbox set state = ${failed ? 'failed' : 'deferred'}, locked_until = null,
            last_response = ${message}, next_at = now() + make_interval(secs => ${mailBackoffSeconds(r.attempts)})
          where tenant_id = ${r.tenant_id} and id = ${r.id}`);
      }
    }
    if (batch.length < BATCH) return sent;
  }
}

export type MailLogRow = Pick<
  typeof mailOutbox.$inferSelect,
  'id' | 'kind' | 'to' | 'subject' | 'state' | 'attempts' | 'lastResponse' | 'createdAt' | 'sentAt'
>;

/** The send log of a tenant, newest first, key-paged on (created_at, id). */
export async function listMail(
  tx: Tx,
  tenantId: string,
  f: { state?: MailState; limit: number; cursor?: string },
): Promise<Page<MailLogRow>> {
  const m = mailOutbox;
  const keys = newestFirst(m.createdAt, m.id, f.cursor, (r: MailLogRow) => [r.createdAt, r.id]);
  const found = await tx
    .select({
      id: m.id,
      kind: m.kind,
      to: m.to,
      subject: m.subject,
      state: m.state,
      attempts: m.attempts,
      lastResponse: m.lastResponse,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
    })
    .from(m)
    .where(and(eq(m.tenantId, tenantId), f.state ? eq(m.state, f.state) : undefined, keys.after))
    .orderBy(...keys.order)
    .limit(f.limit + 1);
  return keys.page(found, f.limit);
}
