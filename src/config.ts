import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Self-checks that cost time on every request (responses re-validated against their schemas, nested tenant
 * transactions caught): on under test and with GRANARY_SELF_CHECKS=1 (`npm run dev` sets it), off in production.
 */
export const selfChecks = process.env.VITEST === 'true' || process.env.GRANARY_SELF_CHECKS === '1';

/** The only reader of process.env (with selfChecks above). Everything else receives a Config. */
const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  SMTP_FROM: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Connections each process keeps to server PostgreSQL. */
  databasePoolSize: number;
  sessionSecret: string;
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: NonNullable<z.infer<typeof envSchema>['LOG_LEVEL']>;
  /** pretty: short lines for a person at a terminal; json: one object per line (with per-request lines at info). */
  logFormat: 'json' | 'pretty';
  trustProxy: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

/**
 * Reads and validates the environment; throws ConfigError naming the first bad variable. `tty`: whether a person
 * watches stdout — then, unless LOG_LEVEL or LOG_FORMAT says otherwise, logs are short lines of warnings and errors
 * (two JSON lines per request buried the address to open, and logging every request cost ~30 % of throughput).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, tty = process.stdout.isTTY === true): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0]), issue.message.replace(/^Invalid input: /, ''));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const logFormat = e.LOG_FORMAT ?? (tty && !e.LOG_LEVEL ? 'pretty' : 'json');
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    sessionSecret: e.SESSION_SECRET ?? readOrCreateSecret(dataDir),
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM ?? 'Granary <no-reply@localhost>',
    logFormat,
    logLevel: e.LOG_LEVEL ?? (logFormat === 'pretty' ? 'warn' : 'info'),
    trustProxy: e.TRUST_PROXY === 'true',
  };
}

/** A generated secret survives restarts so sessions stay valid; it lives beside the data it protects. */
function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
