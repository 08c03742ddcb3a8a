import { sql } from 'drizzle-orm';
import pino from 'pino';
import { expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';
import { until } from '../../../test/until.ts';
import { Engine } from '../../core/jobs/engine.ts';
import { tenantZones } from '../tenants/service.ts';
import { recomputeFigures } from './recompute.ts';

describeApi(
  'recomputing purchase figures as a background run',
  (h) => {
    it("puts every customer's figures back from the orders, with progress, for owners and admins only", async () => {
      const { owner, tenantId } = await h().tenant();
      const rep = await h().user(owner, 'sales');
      const other = await h().tenant();
      const ids: string[] = [];
      for (const name of ['甲', '乙', '丙']) {
        const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name }));
        ids.push(c.id);
        await owner.post('/api/v1/orders', { customerId: c.id, lines: [{ name: '茶', quantity: 2, unitPrice: 1500 }] });
      }
      const theirs = json<{ id: string }>(await other.owner.post('/api/v1/customers', { kind: 'person', name: '丁' }));
      await h().database.db.execute(sql`update customers set order_count = 99 where id = ${theirs.id}`);
      // Figures gone wrong (an import that bypassed them, a bug): every one of them.
      await h().database.db.execute(
        sql`update customers set order_count = 0, total_spend = 0, last_purchase_at = null where tenant_id = ${tenantId}`,
      );
      expect((await rep.post('/api/v1/orders/recompute-figures')).statusCode).toBe(403);
      const r = await owner.post('/api/v1/orders/recompute-figures');
      expect(r.statusCode).toBe(202);
      const { jobId } = json<{ jobId: string }>(r);
      expect(r.headers.location).toBe(`/api/v1/jobs/${jobId}`);
      expect((await other.owner.get(`/api/v1/jobs/${jobId}`)).statusCode).toBe(404);
      const run = await until('the run to complete', async () => {
        const v = json<{ state: string; done: number; total: number; result: unknown }>(
          await owner.get(`/api/v1/jobs/${jobId}`),
        );
        return v.state === 'completed' && v;
      });
      expect(run).toMatchObject({ done: 3, total: 3, result: { customers: 3 } });
      for (const id of ids) {
        const file = json<{ customer: { orderCount: number; totalSpend: number; lastPurchaseAt: string | null } }>(
          await owner.get(`/api/v1/customers/${id}/360`),
        );
        expect(file.customer).toMatchObject({ orderCount: 1, totalSpend: 3000 });
        expect(file.customer.lastPurchaseAt).not.toBeNull();
      }
      // The other business's figures were not touched (99 is wrong, but it is theirs to recompute).
      const [t] = (
        (await h().database.db.execute(sql`select order_count from customers where id = ${theirs.id}`)) as unknown as {
          rows: { order_count: number }[];
        }
      ).rows;
      expect(t.order_count).toBe(99);
    });
  },
  [],
  (database) =>
    new Engine({
      database,
      logger: pino({ level: 'silent' }),
      jobs: [recomputeFigures],
      zones: tenantZones(database.db),
      pollSeconds: 0.5,
      tickSeconds: 3600,
    }),
);
