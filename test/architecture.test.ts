import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules of docs/architecture.md, checked on the source (not on a running app):
 * - src/core and business code never import src/http: a job or a CLI command must not have to be a request;
 * - a module reads another module only through its service.ts (or its manifest, or its pure rules.ts), with the
 *   few exceptions below, each with its reason;
 * - no import cycle anywhere in src;
 * - business rules never read the wall clock: "now" comes from the context's clock (src/core/clock.ts).
 */
const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== 'migrations') out.push(...sources(path));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
  text: string;
}

const IMPORT =
  /^\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"](\.{1,2}\/[^'"]+)['"]|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gms;
/** `import { type A, type B } from` is as type-only as `import type { A, B } from`. */
const ALL_TYPES = /^\{\s*(?:type\s+[\w$]+(?:\s+as\s+[\w$]+)?\s*,?\s*)+\}$/;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4];
    out.push({
      from: file,
      to: normalize(join(dirname(file), spec)),
      typeOnly: !!m[1] || ALL_TYPES.test((m[2] ?? '').trim()),
      text: m[0].trim().replace(/\s+/g, ' '),
    });
  }
  return out;
}

const FILES = sources('src');
const IMPORTS = FILES.flatMap(importsOf);

/** src/modules/<module>/<path> → [module, path]; undefined for files outside a module (src/modules/index.ts …). */
function moduleOf(file: string): [string, string] | undefined {
  const m = /^src\/modules\/([^/]+)\/(.+)$/.exec(file);
  return m ? [m[1], m[2]] : undefined;
}

/** A module's files that speak HTTP: its routes and the zod shapes of its API (business files import those types only). */
const HTTP_FILES = /^(routes|schemas)\.ts$/;

/** Imports of another module's internals that are needed, each with why. */
const CROSS_MODULE_EXCEPTIONS: { from: RegExp; to: RegExp; why: string }[] = [
  {
    from: /^src\/modules\/auth\/service\.ts$/,
    to: /^src\/modules\/(users|tenants)\/schema\.ts$/,
    why: 'sign-in and every request resolve a session or token with its user and tenant in one join',
  },
  {
    from: /^src\/modules\/users\/service\.ts$/,
    to: /^src\/modules\/auth\/revoke\.ts$/,
    why: 'deactivating a user revokes their sessions and tokens in the same transaction; revoke.ts is a file of its own because auth/service.ts imports users/service.ts',
  },
  {
    from: /^src\/modules\/demo\//,
    to: /^src\/modules\/[^/]+\/(schema|names|phones)\.ts$/,
    why: "the demo loads every module's tables by COPY, with the search keys and phone forms a save computes",
  },
];

function crossModuleViolation(i: Import): string | undefined {
  if (!i.from.startsWith('src/modules/')) return undefined; // the layers above (http, cli, db/schema) may
  const a = moduleOf(i.from);
  const b = moduleOf(i.to);
  if (!b || (a && a[0] === b[0])) return undefined;
  const [, path] = b;
  if (/^(service|index|rules)\.ts$/.test(path)) return undefined;
  if (path === 'schema.ts' && (i.typeOnly || a?.[1] === 'schema.ts')) return undefined; // row types; foreign keys
  if (path === 'routes.ts' && a?.[1] === 'routes.ts') return undefined; // response shapes shared between APIs
  if (!a) return i.typeOnly ? undefined : `${i.from} → ${i.to}`; // src/modules/*.ts: manifests and their types
  if (CROSS_MODULE_EXCEPTIONS.some((e) => e.from.test(i.from) && e.to.test(i.to))) return undefined;
  return `${i.from} → ${i.to}`;
}

describe('layering', () => {
  it('src/core knows neither HTTP nor the modules', () => {
    const bad = IMPORTS.filter(
      (i) => i.from.startsWith('src/core/') && (i.to.startsWith('src/http/') || i.to.startsWith('src/modules/')),
    );
    expect(bad.map((i) => `${i.from}: ${i.text}`)).toEqual([]);
  });

  it("business code does not import the HTTP layer (only a module's routes.ts and API shapes, and the route types)", () => {
    const bad = IMPORTS.filter((i) => {
      if (!i.from.startsWith('src/modules/') || !i.to.startsWith('src/http/')) return false;
      const own = moduleOf(i.from);
      if (own && HTTP_FILES.test(own[1])) return false;
      return !(i.typeOnly && i.to === 'src/http/types.ts');
    });
    expect(bad.map((i) => `${i.from}: ${i.text}`)).toEqual([]);
  });

  it("business code uses its module's API shapes for their types only", () => {
    const bad = IMPORTS.filter((i) => {
      const a = moduleOf(i.from);
      const b = moduleOf(i.to);
      return a && b && a[0] === b[0] && b[1] === 'schemas.ts' && !HTTP_FILES.test(a[1]) && !i.typeOnly;
    });
    expect(bad.map((i) => `${i.from}: ${i.text}`)).toEqual([]);
  });

  it('a module reads another module only through its service (or manifest, or pure rules)', () => {
    expect(IMPORTS.map(crossModuleViolation).filter(Boolean)).toEqual([]);
  });

  it('has no import cycle (types included)', () => {
    const graph = new Map<string, string[]>();
    for (const i of IMPORTS) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      path.push(f);
      for (const to of graph.get(f) ?? []) {
        if (state.get(to) === 'open') cycles.push([...path.slice(path.indexOf(to)), to].join(' → '));
        else if (!state.has(to)) visit(to);
      }
      path.pop();
      state.set(f, 'done');
    };
    for (const f of FILES) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});

/**
 * Where src/modules may read the wall clock: infrastructure timing (cache lifetimes, a stream's time limit) and
 * what is not a business rule (a demo's seed and unique addresses). `line` narrows an entry to lines containing it.
 */
const WALL_CLOCK_ALLOWED: { file: string; line?: string; why: string }[] = [
  { file: 'src/modules/auth/cache.ts', why: "the principal cache's lifetime" },
  { file: 'src/modules/customers/file-cache.ts', why: "the file cache's lifetime and quiet period" },
  { file: 'src/modules/customers/service.ts', line: 'const started = Date.now()', why: 'when a cached read began' },
  { file: 'src/modules/customers/settings.ts', line: 'Date.now()', why: "the validation lists' cache lifetime" },
  { file: 'src/modules/tenants/service.ts', line: 'Date.now()', why: "the tenant settings cache's lifetime" },
  { file: 'src/modules/tenants/routes.ts', line: 'seed: Date.now()', why: "a setup demo business's random seed" },
  { file: 'src/modules/demo/service.ts', line: 'Date.now() % 100000', why: 'unique demo addresses' },
  { file: 'src/modules/jobs/routes.ts', line: 'Date.now()', why: "a progress stream's time limit" },
];
const WALL_CLOCK = /\bnew Date\s*(?:\(\s*\)|(?!\s*\())|\bDate\.now\s*\(/;

describe('clock', () => {
  it('no business rule in src/modules reads the wall clock (ctx.clock.now() instead)', () => {
    const used = new Set<(typeof WALL_CLOCK_ALLOWED)[number]>();
    const bad: string[] = [];
    for (const file of FILES.filter((f) => f.startsWith('src/modules/'))) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, n) => {
          if (!WALL_CLOCK.test(line) || /^\s*(\/\/|\*)/.test(line)) return;
          const ok = WALL_CLOCK_ALLOWED.find((a) => a.file === file && (!a.line || line.includes(a.line)));
          if (ok) used.add(ok);
          else bad.push(`${relative(ROOT, join(ROOT, file))}:${n + 1}: ${line.trim()}`);
        });
    }
    expect(bad).toEqual([]);
    expect(
      WALL_CLOCK_ALLOWED.filter((a) => !used.has(a)).map((a) => `${a.file} (${a.why}) is no longer needed`),
    ).toEqual([]);
  });
});
