import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { transaction } from '../../db/tenant.ts';
import { enqueueMail } from './outbox.ts';

export interface Mail {
  tenantId: string;
  /** What it is for ("invitation", "password_reset", …): the send log shows it. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  /** Same key, same message (a retried request); a fresh one when left out. */
  idempotencyKey?: string;
}

export interface Mailer {
  /** False when no SMTP_URL is configured: callers then tell the user to ask an admin. */
  readonly enabled: boolean;
  /** Puts the mail in the outbox (its own transaction); the engine sends it, retrying while SMTP is away. */
  send(mail: Mail): Promise<void>;
}

/** The mailer of a running server: every message goes through the mail outbox (src/core/mail/outbox.ts). */
export function outboxMailer(db: Db, enabled: boolean): Mailer {
  return {
    enabled,
    send: async (mail) => {
      if (!enabled) return;
      await transaction(db, (tx) =>
        enqueueMail(tx, mail.tenantId, {
          kind: mail.kind,
          idempotencyKey: mail.idempotencyKey ?? uuidv7(),
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
        }),
      );
    },
  };
}
