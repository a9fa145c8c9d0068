import { defineConfig } from 'tsdown';
import { packageConfig } from '../../tsdown.base.ts';

export default defineConfig([
  packageConfig({ index: 'src/index.ts' }),
  // The `spawn-trace` program: ESM only, no types; tsdown keeps the shebang of src/cli.ts and marks the file executable.
  {
    ...packageConfig({ cli: 'src/cli.ts' }),
    format: ['esm'],
    dts: false,
    clean: false,
  },
]);
