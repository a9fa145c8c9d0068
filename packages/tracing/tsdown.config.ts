import { defineConfig } from 'tsdown';
import { packageConfig } from '../../tsdown.base.ts';

// `shims` gives the CommonJS build a working `import.meta.url` (the ESM loader hook is resolved from it).
export default defineConfig({ ...packageConfig({ index: 'src/index.ts', register: 'src/register.ts' }), shims: true });
