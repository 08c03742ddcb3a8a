import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (where package.json is), whether running from src/ under tsx or from the dist/ bundle. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the Granary project root');
    dir = up;
  }
  return dir;
}

export const projectRoot = findRoot();
export const migrationsDir = join(projectRoot, 'src', 'db', 'migrations');
