import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(packageDir, 'dist', 'cli.js');

/** e2e tests run the built package: fail with the fix rather than a confusing error. */
export function requireBuilt(): void {
  if (!existsSync(cli) || !existsSync(join(packageDir, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `pnpm --filter @spawn/tracing-exporter-stdout build` first');
  }
}
