// The spawn tracing demo. Starts embedded DynamoDB (dynalite) and SQS (fauxqs), launches a job array
// of separate Node processes traced through the register hook (a launcher and three workers), then
// stitches what they wrote into one trace and draws it as a waterfall, plus an HTML page.
//
//   node demo.mjs [--out DIR] [--workers N] [--json]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildTraces, parseSpanLines, renderHtml, renderTraces } from '@spawn/tracing-exporter-stdout';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: join(here, '.spawn-demo') },
    workers: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const out = resolve(args.out);
const workers = Number(args.workers);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const dynamo = dynalite({ createTableMs: 0 });
await new Promise((done) => dynamo.listen(0, '127.0.0.1', done));
const sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });

const arrayId = `ja-demo${Date.now().toString(36)}`;
const common = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDDEMOLOCAL',
  AWS_SECRET_ACCESS_KEY: 'demo-local-secret',
  AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${dynamo.address().port}`,
  AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${sqs.port}`,
  SPAWN_TRACING_ENABLED: 'true',
  SPAWN_TRACING_EXPORTER: 'stdout',
  SPAWN_TRACING_SAMPLING_RATE: '1',
  SPAWN_CONFIG: '/dev/null',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  SPAWN_IMDS_DISABLED: 'true',
  SPAWN_JOB_ARRAY_ID: arrayId,
  OTEL_BSP_SCHEDULE_DELAY: '200',
  DEMO_TABLE: 'spawn-job-arrays',
  DEMO_QUEUE: 'spawn-tasks',
  DEMO_TASKS: String(workers * 2),
};
delete common.NODE_OPTIONS;

function run(label, flag, script, env) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [flag, '@spawn/tracing/register', join(here, script)], {
      cwd: here,
      env: { ...common, ...env, SPAWN_TRACING_ENDPOINT: join(out, `${label}.jsonl`) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => {
      if (!args.json) process.stdout.write(output.replace(/^/gm, `  [${label}] `));
      code === 0 ? done() : fail(new Error(`${label} exited with code ${code}:\n${output}`));
    });
  });
}

try {
  if (!args.json) console.log(`spawn tracing demo: job array ${arrayId}, ${workers} workers\n`);
  await run('launcher', '--import', 'launcher.mjs', {
    OTEL_SERVICE_NAME: 'spawn-launcher',
    SPAWN_INSTANCE_ID: 'i-0launcher0000000',
  });
  await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      run(`worker-${i}`, '--require', 'worker.cjs', {
        OTEL_SERVICE_NAME: 'spored',
        JOB_ARRAY_INDEX: String(i),
        SPAWN_INSTANCE_ID: `i-0worker${String(i).padStart(9, '0')}`,
      }),
    ),
  );
} finally {
  dynamo.close();
  await sqs.stop();
}

const files = ['launcher', ...Array.from({ length: workers }, (_, i) => `worker-${i}`)];
const spans = files.flatMap(
  (f) => parseSpanLines(readFileSync(join(out, `${f}.jsonl`), 'utf8'), `${f}.jsonl`).spans,
);
const traces = buildTraces(spans);
const html = join(out, 'trace.html');
writeFileSync(html, renderHtml(traces, { title: `spawn demo: ${arrayId}` }));

if (args.json) {
  console.log(
    JSON.stringify({
      out,
      html,
      files: files.map((f) => join(out, `${f}.jsonl`)),
      traces: traces.length,
      spans: spans.length,
    }),
  );
} else {
  console.log(`\n${spans.length} spans from ${files.length} processes, ${traces.length} trace(s):\n`);
  console.log(
    renderTraces(traces, {
      color: process.stdout.isTTY && !process.env.NO_COLOR,
      width: process.stdout.columns ?? 110,
    }),
  );
  console.log(`HTML waterfall: ${html}`);
  console.log(`JSON lines:     ${join(out, '*.jsonl')}`);
  const viewer = join(
    dirname(createRequire(import.meta.url).resolve('@spawn/tracing-exporter-stdout/package.json')),
    'dist/cli.js',
  );
  console.log(`View again:     node ${viewer} ${join(out, '*.jsonl')}`);
}
