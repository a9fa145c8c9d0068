// Proves packaging, not only code: every publishable package passes publint --strict and
// are-the-types-wrong, packs with `pnpm pack`, and its tarball loads with require() and import in a
// scratch project outside the workspace. Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

const packages = readdirSync(packagesDir)
  .map((dir) => ({
    dir: join(packagesDir, dir),
    json: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')),
  }))
  .filter((p) => !p.json.private);

// `pnpm` itself may not be on PATH (run through npx): use the CLI that runs this script.
const pnpmCli = () => {
  const cli = process.env.npm_execpath;
  if (!cli || !/pnpm/.test(cli)) throw new Error('run this through pnpm: pnpm check:packages');
  return cli;
};

const failures = [];
const packDir = mkdtempSync(join(tmpdir(), 'spawn-packs-'));
for (const { dir, json } of packages) {
  for (const [tool, args] of [
    ['publint', ['--strict']],
    ['attw', ['--pack', '.', '--profile', 'node16', '--format', 'ascii']],
  ]) {
    try {
      run(bin(tool), args, dir);
    } catch (err) {
      failures.push(`${json.name}: ${tool} failed\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
  }
  run(process.execPath, [pnpmCli(), 'pack', '--pack-destination', packDir], dir);
  console.log(`packed ${json.name}`);
}

// One scratch project installs every tarball together, so internal dependencies resolve to the
// packed versions and third-party ones come from the registry, as a user's install would.
const scratch = mkdtempSync(join(tmpdir(), 'spawn-scratch-'));
writeFileSync(
  join(scratch, 'package.json'),
  JSON.stringify({ name: 'scratch', private: true, version: '1.0.0' }),
);
const tarballs = readdirSync(packDir).map((f) => join(packDir, f));
run(
  'npm',
  ['install', '--no-audit', '--no-fund', '--loglevel=error', '@opentelemetry/api@~1.9.0', ...tarballs],
  scratch,
);

for (const { json } of packages) {
  const entries = Object.keys(json.exports).filter((k) => k !== './package.json');
  for (const entry of entries) {
    const spec = entry === '.' ? json.name : `${json.name}/${entry.slice(2)}`;
    const check = `const m = %LOAD%; if (Object.keys(m).length === 0 && !${JSON.stringify(spec)}.endsWith('/register')) throw new Error('no exports');`;
    try {
      run(process.execPath, ['-e', check.replace('%LOAD%', `require(${JSON.stringify(spec)})`)], scratch);
      run(
        process.execPath,
        ['--input-type=module', '-e', check.replace('%LOAD%', `await import(${JSON.stringify(spec)})`)],
        scratch,
      );
      console.log(`ok ${spec} (require and import)`);
    } catch (err) {
      failures.push(`${spec}: failed to load from the packed tarball\n${err.stderr ?? err.message}`);
    }
  }
}

if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  console.error(`\n${failures.length} packaging check(s) failed`);
  process.exit(1);
}
console.log(`${packages.length} packages: publint, attw, pack, require and import all pass`);
