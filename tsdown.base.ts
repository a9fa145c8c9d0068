import type { UserConfig } from 'tsdown';

/** Every package ships ESM and CommonJS with declarations for both. */
export function packageConfig(entry: Record<string, string> = { index: 'src/index.ts' }): UserConfig {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    unbundle: false,
    fixedExtension: false,
  };
}
