import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startImds } from '@spawn/test-support';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

async function node(args: string[], env: Record<string, string>): Promise<unknown> {
  const { stdout } = await run(process.execPath, args, {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

const cjs = `
const core = require('./dist/index.cjs');
const loaded = (name) => Object.keys(require.cache).some((k) => k.includes('/' + name + '/'));
const atImport = { yaml: loaded('yaml'), imds: loaded('ec2-metadata-service') };
const config = core.resolveConfigSync();
core.detectSpawnIdentity().then((identity) => {
  console.log(JSON.stringify({ atImport, yaml: loaded('yaml'), exporter: config.exporter, identity }));
});
`;

const esm = `
const core = await import('./dist/index.js');
const config = core.resolveConfigSync();
const identity = await core.detectSpawnIdentity();
console.log(JSON.stringify({ exporter: config.exporter, identity }));
`;

describe('configuration and identity (built output)', () => {
  let file: string;
  beforeAll(() => {
    if (!existsSync(join(packageDir, 'dist', 'index.cjs'))) {
      throw new Error('dist/ is missing: run `pnpm --filter @spawn/tracing-core build` first');
    }
    file = join(mkdtempSync(join(tmpdir(), 'spawn-e2e-')), 'local.yaml');
    writeFileSync(
      file,
      'job_array: { id: ja-9, index: 4 }\nobservability:\n  tracing:\n    exporter: stdout\n',
    );
  });

  it('loads yaml and the IMDS client only when used, from CJS, and the process exits after IMDS', async () => {
    const imds = await startImds({ instanceId: 'i-0e2e0e2e0e2e0e2e0', region: 'eu-west-3' });
    try {
      const out = await node(['-e', cjs], {
        SPAWN_CONFIG: file,
        AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.endpoint,
      });
      expect(out).toEqual({
        atImport: { yaml: false, imds: false },
        yaml: true,
        exporter: 'stdout',
        identity: {
          provider: 'ec2',
          serviceName: 'spored',
          instanceId: 'i-0e2e0e2e0e2e0e2e0',
          region: 'eu-west-3',
          availabilityZone: 'eu-west-3a',
          instanceType: 't3.micro',
          imageId: 'ami-0abcdef1234567890',
          accountId: '123456789012',
          jobArrayId: 'ja-9',
          jobArrayIndex: 4,
        },
      });
    } finally {
      await imds.close();
    }
  });

  it('starts as local from ESM when IMDS hangs', async () => {
    const imds = await startImds({ hang: true });
    try {
      const out = await node(['--input-type=module', '-e', esm], {
        SPAWN_CONFIG: file,
        AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.endpoint,
        SPAWN_IMDS_TIMEOUT_MS: '200',
      });
      expect(out).toEqual({
        exporter: 'stdout',
        identity: { provider: 'local', serviceName: 'spored', jobArrayId: 'ja-9', jobArrayIndex: 4 },
      });
    } finally {
      await imds.close();
    }
  });
});
