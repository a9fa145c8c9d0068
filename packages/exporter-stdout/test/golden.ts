import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The golden file's text; with `UPDATE_GOLDEN=1` it is rewritten from `actual` first (then review the diff). */
export function golden(name: string, actual: string): string {
  const path = join(here, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  return readFileSync(path, 'utf8');
}
