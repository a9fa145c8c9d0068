import type { ConfigErrorSource } from './config-error.js';
import type { TracingOptions } from './config-types.js';

/** One source's validated values, before precedence is applied. */
export interface ConfigLayer {
  source: ConfigErrorSource;
  values: TracingOptions;
  /** The file, for `file` layers. */
  path?: string;
  /** How this source spells a field (`samplingRate`, `batch.maxQueueSize`), for errors found after merging. */
  keyOf(field: string): string;
}
