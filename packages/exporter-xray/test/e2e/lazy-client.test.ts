import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Runs against the built CommonJS output, in a fresh process, where `require.cache` shows what loaded.
const script = `
const { XRaySpanExporter } = require('./dist/index.cjs');
const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
const loaded = () => Object.keys(require.cache).some((k) => k.includes('client-xray'));
const exporter = new XRaySpanExporter({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1',
  clientConfig: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } } });
const atConstruction = loaded();
const span = new BasicTracerProvider().getTracer('t').startSpan('x');
span.end();
exporter.export([span], (result) => {
  console.log(JSON.stringify({ atConstruction, afterExport: loaded(), code: result.code }));
  exporter.shutdown();
});
`;

describe('module load (built output)', () => {
  it('loads @aws-sdk/client-xray only when the first export happens', () => {
    if (!existsSync(join(packageDir, 'dist', 'index.cjs'))) {
      throw new Error('dist/ is missing: run `pnpm --filter @spawn/tracing-exporter-xray build` first');
    }
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toEqual({
      atConstruction: false,
      afterExport: true,
      code: 1,
    });
  });
});
