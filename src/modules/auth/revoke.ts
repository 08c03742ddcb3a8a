import { and, eq, isNull, sql } from 'drizzle-orm';
import { emit } from '../../core/events.ts';
import type { Tx } from '../../db/client.ts';
import { apiTokens, sessions } from './schema.ts';

/** Ends a user's sessions (all but `exceptId`): a password change, a reset, a deactivation. */
export async function revokeAllSessions(
  tx: Tx,
  tenantId: string,
  userId: string,
  now: Date,
  exceptId?: string,
): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.tenantId, tenantId),
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined,
      ),
    );
  // The auth cache forgets its principals after the commit (auth/index.ts).
  await emit(tx, {
    type: 'session.revoked',
    tenantId,
    entityId: null,
    data: { userId, keptSessionId: exceptId ?? null },
  });
}

/**
 * A deactivated user's sessions and API tokens end for good: reactivating the user later must not bring back a
 * cookie left on a shared counter PC or a token handed to an integration.
 */
export async function revokeUserAccess(tx: Tx, tenantId: string, userId: string, now: Date): Promise<void> {
  await revokeAllSessions(tx, tenantId, userId, now);
  await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  await emit(tx, { type: 'token.revoked', tenantId, entityId: null, data: { userId } });
}
