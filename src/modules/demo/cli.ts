import type { Config } from '../../config.ts';
import { DataDirLocked, isAlive, readLock } from '../../db/lock.ts';
import { LOCAL_HEADER, localKey } from './local.ts';
import type { DemoOptions, DemoResult } from './service.ts';

type Request = Omit<DemoOptions, 'onProgress' | 'onlyIfEmpty'>;

/**
 * `granary demo` while a server holds the embedded data dir: the server loads it (src/modules/demo/local.ts), since
 * a second process on the dir would destroy it. Undefined when no server holds the dir (the CLI opens it itself).
 * A server that does not answer gets the one-line refusal instead.
 */
export async function demoThroughServer(
  config: Config,
  request: Request,
  onProgress: (done: number, total: number) => void,
): Promise<(DemoResult & { url: string }) | undefined> {
  if (config.databaseUrl) return undefined;
  const holder = readLock(config.dataDir);
  if (holder?.kind !== 'serve' || !isAlive(holder, config.dataDir)) return undefined;
  if (!holder.url) throw new DataDirLocked(config.dataDir, holder);
  let res: Response;
  try {
    res = await fetch(`${holder.url}/api/v1/local/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [LOCAL_HEADER]: localKey(config.sessionSecret, holder) },
      body: JSON.stringify(request),
    });
  } catch {
    throw new DataDirLocked(config.dataDir, holder);
  }
  if (!res.ok || !res.body) throw new Error(`the running server refused the demo (HTTP ${res.status})`);
  let buffered = '';
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (let piece = await reader.read(); !piece.done; piece = await reader.read()) {
    buffered += piece.value;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const msg = JSON.parse(buffered.slice(0, nl)) as {
        progress?: [number, number];
        result?: DemoResult;
        error?: string;
      };
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf('\n');
      if (msg.progress) onProgress(...msg.progress);
      if (msg.error) throw new Error(`the running server could not create the demo: ${msg.error}`);
      if (msg.result) return { ...msg.result, url: holder.url };
    }
  }
  throw new Error('the running server stopped before the demo was done');
}

/** What a person reads at the end of `granary demo` (scripts pass --json for the raw result). */
export function describeDemo(r: DemoResult, appUrl: string, running: boolean): string {
  const n = (v: number) => v.toLocaleString('en');
  return [
    `The demo business "${r.tenantName}" is ready: ${n(r.customers)} customers and ${n(r.orders)} orders, loaded in ${r.seconds} s.`,
    `Sign in at ${appUrl}/login with the email ${r.email} and the password ${r.password}`,
    ...(running ? [] : ['(Start Granary with `npm start` first if it is not running.)']),
    '',
  ].join('\n');
}
