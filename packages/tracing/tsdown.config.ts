import { existsSync } from 'node:fs';
import { defineConfig, type UserConfig } from 'tsdown';
import { packageConfig } from '../../tsdown.base.ts';

type ResolveContext = {
  resolve(
    source: string,
    importer?: string,
    options?: object,
  ): Promise<{ id: string; external?: unknown } | null>;
};

/**
 * Bundles the OpenTelemetry packages' ES module builds even into the CommonJS output: they tree-shake
 * (the semantic conventions shrink to the constants used) and have no CommonJS export getters. Left
 * alone, the bundler takes their `main` (CommonJS) build.
 */
const preferEsmBuilds = {
  name: 'spawn:prefer-esm-builds',
  async resolveId(this: ResolveContext, source: string, importer: string | undefined, options: object) {
    if (!/^@opentelemetry\/(?!api$)/.test(source)) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (!resolved || resolved.external) return resolved;
    for (const candidate of [
      resolved.id.replace('/build/src/', '/build/esm/'),
      resolved.id.replace(/\.cjs$/, '.mjs'),
    ]) {
      if (candidate !== resolved.id && existsSync(candidate)) return { ...resolved, id: candidate };
    }
    return resolved;
  },
};

// The register entries are bundled with what they start (our packages and the OpenTelemetry SDK), so
// `--require`/`--import` loads a handful of files instead of several hundred. Kept external: the API
// (one instance per process), the ESM loader hook (must be the copy the loader runs), and what loads
// lazily (the AWS SDK, the OTLP exporter). Each register entry is its own build so they share no
// chunk: the disabled path loads `register` alone.
const bundled = (entry: Record<string, string>): UserConfig => ({
  ...packageConfig(entry),
  clean: false,
  shims: true,
  plugins: [preferEsmBuilds],
  deps: {
    alwaysBundle: [
      /^@spawn\//,
      /^@opentelemetry\/(?!api$|exporter-trace-otlp-http$)/,
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
  { ...packageConfig({ index: 'src/index.ts' }), clean: false, shims: true },
  bundled({ register: 'src/register.ts' }),
  bundled({ 'register-start': 'src/register-start.ts' }),
  // Required by `startTracing` only when an AWS SDK module loads (or at once, outside the register hook).
  bundled({ 'aws-sdk': 'src/aws-sdk.ts' }),
]);
