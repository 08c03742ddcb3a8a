import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type Client, describeApi, json } from '../../test/harness.ts';

/**
 * Every route of the OpenAPI document, driven with malformed bodies and query strings built from its own schema:
 * whatever comes in, the answer is never a 5xx, and every error is problem+json. Fixed seed and bounded runs, so
 * CI sees the same cases each time; FUZZ_RUNS=… and FUZZ_SEED=… explore further by hand.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
// Routes that end the session or are slow by design are driven elsewhere.
const SKIP = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/setup/demo', 'POST /api/v1/auth/password']);

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  format?: string;
}
interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const nasty = fc.constantFrom(
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '0000-01-01',
  '-271821-04-20',
  '275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  'NQ',
  'W10',
  'e30',
  '2147483648',
  '-9223372036854775809',
  '1e400',
  'NaN',
  ' ',
  '%',
  "'; drop table customers; --",
  '01900000-0000-7000-8000-000000000000',
  'not-a-uuid',
  'x'.repeat(5000),
  '张三'.repeat(300),
);
const nastyNumber = fc.constantFrom(
  0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  1e300,
  -1e300,
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  nastyNumber,
  fc.constant(null),
  fc.boolean(),
  fc.string(),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'name', '__proto__', 'constructor'), nasty, { maxKeys: 2 }),
);

/** A value of roughly the right shape for `s`, with nasty leaves (or, sometimes, the wrong shape). */
function valueFor(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 3) return anyValue;
  if (s.anyOf?.length) return fc.oneof(...s.anyOf.map((x) => valueFor(x, depth + 1)));
  if (s.enum?.length) return fc.oneof(fc.constantFrom(...s.enum), anyValue);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'object' && s.properties) {
    const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, valueFor(v, depth + 1)]));
    return fc.oneof(
      { weight: 4, arbitrary: fc.record(props, { requiredKeys: [] }) },
      { weight: 1, arbitrary: anyValue },
    );
  }
  if (type === 'array') return fc.oneof(fc.array(valueFor(s.items, depth + 1), { maxLength: 3 }), anyValue);
  if (type === 'integer' || type === 'number') return fc.oneof(nastyNumber, fc.integer(), anyValue);
  if (type === 'string')
    return fc.oneof(nasty, fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 10 }));
  return anyValue;
}

function queryFor(params: Operation['parameters']): fc.Arbitrary<string> {
  const query = (params ?? []).filter((p) => p.in === 'query');
  if (query.length === 0) return fc.constant('');
  const entries = query.map((p) =>
    fc.option(
      fc.oneof(nasty, fc.string({ maxLength: 20 }), valueFor(p.schema).map(String)).map((v) => [p.name, String(v)]),
      { nil: undefined },
    ),
  );
  return fc
    .tuple(...entries)
    .map((kv) => new URLSearchParams(kv.filter((x): x is string[] => !!x) as [string, string][]).toString());
}

describeApi('fuzz: no route answers 5xx, every error is problem+json', (h) => {
  it('drives every route of the OpenAPI document with malformed input', async () => {
    const { owner } = await h().tenant();
    const rep = await h().user(owner, 'sales');
    const real = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '甲' })).id;
    const doc = json<{ paths: Record<string, Record<string, Operation>> }>(await owner.get('/api/v1/openapi.json'));
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(ops.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const { path, method, op } of ops) {
      if (SKIP.has(`${method} ${path}`) || !['GET', 'POST', 'PATCH', 'DELETE'].includes(method)) continue;
      const body = op.requestBody?.content?.['application/json']?.schema;
      const ids = fc.constantFrom(real, '01900000-0000-7000-8000-000000000000', 'not-a-uuid', '%00', '..');
      const listName = fc.constantFrom('grade', 'source', 'stage', 'nope', '%00');
      await fc
        .assert(
          fc.asyncProperty(
            ids,
            listName,
            queryFor(op.parameters),
            body ? valueFor(body) : fc.constant(undefined),
            fc.boolean(),
            async (id, list, query, payload, asRep) => {
              const client: Client = asRep ? rep : owner;
              const url = `${path
                .replace('{id}', id)
                .replace('{list}', list)
                .replace(/\{\w+\}/g, id)}${query ? `?${query}` : ''}`;
              const r = await client.request(
                method as 'GET',
                url,
                method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(payload ?? null),
                method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' },
              );
              requests++;
              statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
              const ok =
                r.statusCode < 500 &&
                (r.statusCode < 400 || String(r.headers['content-type']).includes('problem+json'));
              if (!ok)
                failures.push(
                  `${method} ${url} ${JSON.stringify(payload)?.slice(0, 200)} → ${r.statusCode} ${r.body.slice(0, 200)}`,
                );
              return ok;
            },
          ),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        )
        .catch(() => {});
    }
    if (process.env.FUZZ_REPORT) console.log(requests, Object.fromEntries(statuses));
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(ops.length * (RUNS / 2));
  }, 180_000);
});
