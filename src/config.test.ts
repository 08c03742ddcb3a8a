import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'granary-cfg-'));

  it('has working defaults: 127.0.0.1:3000, embedded database, generated secret kept in DATA_DIR', () => {
    const dir = dataDir();
    const c = loadConfig({ DATA_DIR: dir }, false);
    expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, logLevel: 'info' });
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(c.sessionSecret);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(c.sessionSecret);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
  ])('names the bad variable in %o', (env, variable) => {
    let err: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir(), ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect((err as Error).message).toContain(variable);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });

  it.each([
    ['a person at a terminal', {}, true, 'pretty', 'warn'],
    ['a service (stdout not a terminal)', {}, false, 'json', 'info'],
    ['a terminal that asks for a level', { LOG_LEVEL: 'info' }, true, 'json', 'info'],
    ['a terminal that asks for JSON', { LOG_FORMAT: 'json' }, true, 'json', 'info'],
    ['a service that asks for short lines', { LOG_FORMAT: 'pretty' }, false, 'pretty', 'warn'],
    ['short lines at debug', { LOG_FORMAT: 'pretty', LOG_LEVEL: 'debug' }, true, 'pretty', 'debug'],
  ])('logs for %s', (_who, env, tty, logFormat, logLevel) => {
    expect(loadConfig({ DATA_DIR: dataDir(), ...env }, tty)).toMatchObject({ logFormat, logLevel });
  });
});
