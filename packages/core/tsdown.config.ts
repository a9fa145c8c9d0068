import { defineConfig } from 'tsdown';
import { packageConfig } from '../../tsdown.base.ts';

// `presence` is a separate, dependency-free entry: the register hook's pre-check loads it alone.
export default defineConfig(packageConfig({ index: 'src/index.ts', presence: 'src/config-presence.ts' }));
