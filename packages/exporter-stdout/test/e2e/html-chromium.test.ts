import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { cli, packageDir, requireBuilt } from './built.js';

const CHROMIUM = '/usr/bin/chromium';

function exec(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024, timeout: 90_000 }, (error, stdout, stderr) =>
      error ? reject(Object.assign(error, { stderr })) : resolve({ stdout, stderr }),
    ),
  );
}

const missing = !existsSync(CHROMIUM);

// CI machines without Debian's `chromium` package skip this (install it with `apt-get install -y chromium`).
it.skipIf(missing)(
  `draws the waterfall of the --html page in headless Chromium${missing ? ' (skipped: /usr/bin/chromium is not installed)' : ''}`,
  async () => {
    requireBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'spawn-trace-html-'));
    try {
      const input = join(dir, 'known.jsonl');
      const page = join(dir, 'trace.html');
      writeFileSync(input, readFileSync(join(packageDir, 'test', 'golden', 'known-trace.jsonl')));
      await exec(cli, [input, '--html', page, '--quiet']);
      const { stdout: dom } = await exec(CHROMIUM, [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--dump-dom',
        pathToFileURL(page).href,
      ]);
      // Only the script puts span names into <main>: finding them proves the page rendered.
      const main = /<main id="traces">([\s\S]*?)<\/main>/.exec(dom)?.[1] ?? '';
      const names = [...main.matchAll(/<span class="span-name">([^<]*)<\/span>/g)].map((m) => m[1]);
      expect(names).toEqual([
        'spawn launch',
        'DynamoDB.PutItem',
        'SQS.SendMessage',
        'spored job',
        'upload results',
      ]);
      expect(main).toContain('data-trace-id="4bf92f3577b34da6a3ce929d0e0e4736"');
      expect(main).toMatch(/<div class="row error"[^>]*>.*?SQS\.SendMessage/s);
      expect(main).toContain('orphan: parent ffffffffffffffff not found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
