// API reports (api-extractor) for every public entry point of every published package, committed in
// each package's `api/` folder so that a reviewer sees public API changes in the diff.
//   node scripts/api-report.mjs           fails when a report differs from the built declarations
//   node scripts/api-report.mjs --update  rewrites the reports
// Run after a build: it reads the declarations tsdown writes to `dist/`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const update = process.argv.includes('--update');
const root = new URL('..', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'spawn-api-'));
// Entries whose declarations are empty (`register` is imported for its side effect).
const SKIP = new Set(['./package.json', './register']);

const failures = [];
for (const dir of readdirSync(join(root, 'packages'))) {
  const packageDir = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  for (const [entry, target] of Object.entries(pkg.exports)) {
    if (SKIP.has(entry)) continue;
    const types = target.import?.types;
    if (types === undefined) throw new Error(`${pkg.name}: exports["${entry}"] has no import types`);
    if (update) mkdirSync(join(packageDir, 'api'), { recursive: true });
    const reportName = entry === '.' ? dir : `${dir}-${entry.slice(2)}`;
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: packageDir,
        mainEntryPointFilePath: join(packageDir, types),
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              strict: true,
              module: 'nodenext',
              moduleResolution: 'nodenext',
              types: ['node'],
            },
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: `${reportName}.api.md`,
          reportFolder: join(packageDir, 'api'),
          reportTempFolder: temp,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Release tags (@public, @beta) are not a convention here; missing ones are not findings.
          extractorMessageReporting: {
            'ae-missing-release-tag': { logLevel: 'none' },
            'ae-forgotten-export': { logLevel: 'warning', addToApiReportFile: true },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(packageDir, 'package.json'),
    });
    const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
    if (!result.succeeded || (!update && result.apiReportChanged)) {
      failures.push(
        `${pkg.name} (${entry}): ${result.apiReportChanged ? 'API report changed' : 'errors above'}`,
      );
    }
  }
}
rmSync(temp, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(
    `\nAPI reports out of date or failing:\n  ${failures.join('\n  ')}\nRun \`pnpm api:update\` and commit packages/*/api/.`,
  );
  process.exit(1);
}
console.log(update ? 'API reports written.' : 'API reports match the built declarations.');
