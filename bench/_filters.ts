// List filters a shop owner uses to find customers to call back: purchase recency, a created range, a common tag
// and a rare one, a rare custom-field value. The rare ones are set up here on a few customers through the API.
type Get = (path: string) => Promise<{ ms: number; body: { data: unknown[] } }>;
type Send = (method: string, path: string, body: unknown) => Promise<Response>;

const DEMO_TODAY = Date.UTC(2026, 10, 1); // the demo's fixed "today" (DEMO_BASE)
const day = (n: number) => new Date(DEMO_TODAY - n * 86_400_000).toISOString();

export async function measureFilters(
  get: Get,
  send: Send,
  ids: string[],
  samples: number,
  pct: (xs: number[], p: number) => number,
) {
  const field = await send('POST', '/api/v1/custom-fields', {
    key: 'bench_tea',
    label: 'Tea',
    type: 'select',
    options: ['puer', 'longjing'],
  });
  if (field.status !== 201 && field.status !== 409) throw new Error(`custom field: ${field.status}`);
  for (const [i, id] of ids.slice(0, 20).entries()) {
    const r = await send('PATCH', `/api/v1/customers/${id}`, {
      custom: { bench_tea: 'puer' },
      ...(i < 15 ? { tags: ['bench-rare'] } : {}),
    });
    if (!r.ok) throw new Error(`patch: ${r.status} ${await r.text()}`);
  }
  const cases: Record<string, string> = {
    lapsed180: `lastPurchaseTo=${day(180)}`,
    boughtWithin30: `lastPurchaseFrom=${day(30)}&sort=last_purchase`,
    createdRange: `createdFrom=${day(1130)}&createdTo=${day(1100)}`,
    commonTagLapsed: `tags=${encodeURIComponent('团购')}&lastPurchaseTo=${day(365)}&sort=total_spend`,
    rareTag: 'tags=bench-rare',
    rareCustom: 'cf.bench_tea=puer',
  };
  const out: Record<string, { p50: number; p95: number; rows: number }> = {};
  for (const [name, query] of Object.entries(cases)) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < samples; i++) {
      const r = await get(`/api/v1/customers?limit=50&${query}`);
      times.push(r.ms);
      rows = r.body.data.length;
    }
    out[name] = { p50: pct(times, 50), p95: pct(times, 95), rows };
  }
  return out;
}
