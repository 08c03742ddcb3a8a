import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';
import { systemClock } from '../../core/clock.ts';
import { type Ctx, makeCtx } from '../../core/context.ts';
import { type EmittedEvent, subscribeLocal } from '../../core/events.ts';
import { withTenant } from '../../db/tenant.ts';
import { loadReach } from '../users/service.ts';
import { updateCustomer } from './service.ts';

/**
 * Local subscribers (the caches) hear a write's events only once it has committed: a write whose transaction
 * rolls back emits nothing, so no cache is cleared for what never happened and none is told of it.
 */
let heard: EmittedEvent[] = [];
let stop: () => void = () => {};
beforeEach(() => {
  heard = [];
  stop = subscribeLocal({ types: ['*'], handle: (e) => heard.push(e) });
});
afterEach(() => stop());

describeApi('domain events reach local subscribers after commit only', (h) => {
  it('a committed change is heard once, with its entity and the changed fields; a refused one is not', async () => {
    const { owner, tenantId } = await h().tenant();
    expect(heard.map((e) => e.type)).toEqual(['tenant.created', 'user.created']); // the setup's own
    heard = [];
    const c = json<{ id: string }>(
      await owner.post('/api/v1/customers', {
        kind: 'person',
        name: '李雷',
        channels: [{ kind: 'phone', value: '13800138000' }],
      }),
    );
    expect(heard.map((e) => e.type)).toEqual(['customer.created']);
    heard = [];
    expect((await owner.patch(`/api/v1/customers/${c.id}`, { notes: 'VIP' })).statusCode).toBe(200);
    expect(heard).toEqual([
      expect.objectContaining({
        type: 'customer.updated',
        tenantId,
        entityId: c.id,
        data: expect.objectContaining({ fields: ['notes'], actorId: owner.info.userId }),
      }),
    ]);

    heard = [];
    const other = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '韩梅梅' }));
    heard = [];
    const dupe = await owner.patch(`/api/v1/customers/${other.id}`, {
      channels: [{ kind: 'phone', value: '13800138000' }],
    });
    expect(dupe.statusCode).toBe(409);
    expect(heard).toEqual([]);
  });

  it('a customer updated inside a transaction that then fails emits nothing, and the change is gone', async () => {
    const { owner, tenantId } = await h().tenant();
    const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '张伟' }));
    heard = [];
    const actor = { tenantId, userId: owner.info.userId!, role: 'owner' as const, kind: 'user' as const, name: 'o' };
    const failure = new Error('after the write');
    await expect(
      withTenant(h().database.db, tenantId, async (tx) => {
        // The service's own transaction is this outer one, which fails after the update was made and emitted.
        const base = makeCtx(h().database.db, actor, 'test', loadReach, systemClock);
        const ctx: Ctx = { ...base, tx: (fn) => fn(tx), reach: () => base.reach(tx) };
        const updated = await updateCustomer(ctx, c.id, { notes: 'never' });
        expect(updated.notes).toBe('never');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(heard).toEqual([]);
    expect(json<{ notes: string | null }>(await owner.get(`/api/v1/customers/${c.id}`)).notes).toBeNull();

    // The same update committed is heard.
    expect((await owner.patch(`/api/v1/customers/${c.id}`, { notes: 'now' })).statusCode).toBe(200);
    expect(heard.map((e) => [e.type, e.entityId])).toEqual([['customer.updated', c.id]]);
  });
});
