import { createRequire } from 'node:module';

let loaded: typeof import('node:crypto') | undefined;

/**
 * `node:crypto`, loaded at the first call instead of at import: loading it costs a traced process's
 * start-up about 10 ms and 2.3 MiB (bench/startup), and most processes need it late or never.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  loaded ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return loaded;
}
