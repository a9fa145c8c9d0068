import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

const LAZY = '\0spawn-lazy:';

/**
 * Bundles our own packages from their sources (the `@spawn/source` export condition), not their
 * single-file builds: module by module, the bundler can leave out what the register path never
 * uses and split what loads lazily (the X-Ray id generator without the exporter's UDP and HTTP
 * transports).
 */
const bundleSpawnSources = {
  name: 'spawn:bundle-sources',
  async resolveId(this: ResolveContext, source: string, importer: string | undefined, options: object) {
    const match = /^(@spawn\/[^/]+)(\/.+)?$/.exec(source);
    if (!match || importer?.endsWith('.d.ts') || importer?.endsWith('.d.cts')) return null;
    if ((options as { kind?: string }).kind === 'dynamic-import') return `${LAZY}${source}`;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (!resolved || resolved.external) return resolved;
    let root = dirname(resolved.id);
    while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name?: string;
      exports?: Record<string, { '@spawn/source'?: string } | string>;
    };
    const entry = manifest.name === match[1] ? manifest.exports?.[`.${match[2] ?? ''}`] : undefined;
    const sourceFile = typeof entry === 'object' ? entry['@spawn/source'] : undefined;
    return sourceFile ? { ...resolved, id: join(root, sourceFile) } : resolved;
  },
  // A dynamic import reaches the package through a module of its own that re-exports it, so what a
  // static import of the same package names (the X-Ray id generator) does not drag the lazily loaded
  // rest (the exporter and its transports) into the eager chunks.
  load(id: string) {
    return id.startsWith(LAZY) ? `export * from ${JSON.stringify(id.slice(LAZY.length))};` : null;
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
  plugins: [bundleSpawnSources, preferEsmBuilds],
  // Every traced process parses these files at start-up; doc comments (a quarter of the text) stay in
  // the sources and source maps.
  outputOptions: { comments: { legal: true, annotation: true, jsdoc: false } },
  deps: {
    alwaysBundle: [
      /^@spawn\//,
      /^@opentelemetry\/(?!api$|exporter-trace-otlp-http$)/,
      'require-in-the-middle',
      'semver',
      'yaml',
    ],
    neverBundle: ['@opentelemetry/api', 'import-in-the-middle', /^@aws-sdk\//, /^@smithy\//],
  },
});

export default defineConfig([
  { ...packageConfig({ index: 'src/index.ts' }), clean: false, shims: true },
  bundled({ register: 'src/register.ts' }),
  bundled({ 'register-start': 'src/register-start.ts' }),
  // Required by `startTracing` only when an AWS SDK module loads (or at once, outside the register hook).
  bundled({ 'aws-sdk': 'src/aws-sdk.ts' }),
  // Required by the register hook only when it reads a spawn file.
  { ...bundled({ yaml: 'src/yaml.ts' }), format: ['cjs'], dts: false },
]);
