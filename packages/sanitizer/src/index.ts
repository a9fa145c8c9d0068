export { DEFAULT_MARKER } from './marker.js';
export { REDACTION_CATEGORIES, type RedactionCategory } from './redaction-category.js';
export { Sanitizer, sanitizeAttributes, sanitizeText } from './sanitizer.js';
export {
  ATTR_SANITIZER_REDACTIONS,
  type SanitizerCounters,
  SanitizingSpanProcessor,
  type SanitizingSpanProcessorOptions,
  sanitize,
} from './sanitizing-span-processor.js';
export { SECRET_KEY_TERMS } from './secret-keys.js';
