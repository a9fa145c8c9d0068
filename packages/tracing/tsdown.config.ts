import { defineConfig, type UserConfig } from 'tsdown';
import { packageConfig } from '../../tsdown.base.ts';

// The register entries are bundled with what they start (our packages and the OpenTelemetry SDK), so
// `--require`/`--import` loads a handful of files instead of several hundred. Kept external: the API
// (one instance per process), the ESM loader hook (must be the copy the loader runs), and what loads
// lazily (the AWS SDK, the OTLP exporter). Each register entry is its own build so they share no
// chunk: the disabled path loads `register` alone.
const bundled = (entry: Record<string, string>): UserConfig => ({
  ...packageConfig(entry),
  clean: false,
  shims: true,
  deps: {
    alwaysBundle: [
      /^@spawn\//,
      /^@opentelemetry\/(?!api$|exporter-trace-otlp-http$|semantic-conventions$)/,
      'require-in-the-middle',
      'semver',
    ],
    neverBundle: [
      '@opentelemetry/api',
      '@opentelemetry/semantic-conventions',
      'import-in-the-middle',
      /^@aws-sdk\//,
      /^@smithy\//,
    ],
  },
});

export default defineConfig([
  { ...packageConfig({ index: 'src/index.ts' }), clean: false },
  bundled({ register: 'src/register.ts' }),
  bundled({ 'register-start': 'src/register-start.ts' }),
]);
