import { describe, expect, it } from 'vitest';
import { createLogger, prettyStream } from './logger.ts';

describe('pretty logs (a person at a terminal)', () => {
  it('writes one short line per entry, with the request it concerns and the stack of an error', () => {
    const out: string[] = [];
    const log = createLogger('warn', prettyStream({ write: (s: string) => out.push(s) }));
    log.info('request completed'); // below the level: nothing, and nothing serialized
    log.warn({ req: { method: 'GET', url: '/api/v1/customers?q=张三', id: '1' } }, 'database busy');
    log.error({ err: new Error('boom') }, 'request failed');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d warning: database busy \(GET \/api\/v1\/customers\)\n$/);
    expect(out[0]).not.toContain('张三');
    expect(out[1]).toMatch(/^\d\d:\d\d:\d\d error: request failed\n {2}Error: boom\n {2}\s*at /);
  });
});
