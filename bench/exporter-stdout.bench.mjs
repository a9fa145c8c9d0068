import { spawnSync } from 'node:child_process';
import { Console } from 'node:console';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  buildTraces,
  formatSpanLine,
  parseSpanLines,
  renderHtml,
  renderTraces,
  StdoutSpanExporter,
} from '@spawn/tracing-exporter-stdout';
import { compare } from './lib.mjs';

const BATCH = 512;
const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@spawn/tracing-exporter-stdout/package.json')), 'dist', 'cli.js');

/** Real SDK spans shaped like spawn's: AWS SDK client spans under a launch, with spawn identity. */
function makeSpans(count, { traces = 1, instance = 'i-0123456789abcdef0', index = 0 } = {}) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'spored',
      'spawn.instance_id': instance,
      'spawn.provider': 'ec2',
      'spawn.job_array_id': 'ja-42',
      'spawn.job_array_index': index,
    }),
    spanLimits: { attributeCountLimit: 128 },
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('bench');
  const perTrace = Math.ceil(count / traces);
  const t0 = 1_767_225_600_000;
  for (let t = 0; t < traces; t++) {
    const root = tracer.startSpan('spored job', { kind: SpanKind.CONSUMER, startTime: t0 + t * 10 });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    for (let i = 1; i < perTrace; i++) {
      const span = tracer.startSpan(
        i % 2 ? 'DynamoDB.UpdateItem' : 'SQS.ReceiveMessage',
        {
          kind: SpanKind.CLIENT,
          startTime: t0 + t * 10 + i * 0.01,
          attributes: {
            'aws.service': i % 2 ? 'DynamoDB' : 'SQS',
            'aws.operation': i % 2 ? 'UpdateItem' : 'ReceiveMessage',
            'aws.region': 'us-east-1',
            'aws.request_id': `R${t}-${i}-4KJ2U8MRPG0SSHH5R2T5V5ELG7VV4KQNSO5AEMVJF66Q9ASUAAJG`,
            'http.status_code': 200,
          },
        },
        ctx,
      );
      if (i % 97 === 0)
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'ProvisionedThroughputExceededException' });
      span.end(t0 + t * 10 + i * 0.01 + 0.005);
    }
    root.end(t0 + t * 10 + perTrace * 0.01 + 1);
  }
  return memory.getFinishedSpans();
}

const exportOnce = (exporter, spans) =>
  new Promise((resolve, reject) =>
    exporter.export(spans, (result) => (result.code === 0 ? resolve() : reject(result.error))),
  );

const drained = (stream) =>
  stream.writableNeedDrain ? new Promise((resolve) => stream.once('drain', resolve)) : undefined;

async function writeThroughput(dir) {
  const spans = makeSpans(BATCH, { traces: 8 });
  const file = join(dir, 'spans.out');
  // ConsoleSpanExporter prints with the global `console`; point that at a stream appending to the same file.
  const consoleStream = createWriteStream(file, { flags: 'a' });
  const fileConsole = new Console({ stdout: consoleStream, stderr: consoleStream });
  const official = new ConsoleSpanExporter();
  const ours = new StdoutSpanExporter({ destination: file });
  const realConsole = globalThis.console;
  const result = await compare(
    `exporter-stdout: spans/s written to a file (batches of ${BATCH}; ops/s = spans/s)`,
    {
      'ConsoleSpanExporter (@opentelemetry/sdk-trace-base), console bound to the file': async () => {
        globalThis.console = fileConsole;
        try {
          await exportOnce(official, spans);
        } finally {
          globalThis.console = realConsole;
        }
        // Console ignores backpressure; wait for the file like our exporter does, or the heap just grows.
        await drained(consoleStream);
      },
      'StdoutSpanExporter json (@spawn/tracing-exporter-stdout)': () => exportOnce(ours, spans),
    },
    { batch: BATCH },
  );
  await ours.shutdown();
  await new Promise((resolve) => consoleStream.end(resolve));
  return result;
}

async function formatOnly() {
  const spans = makeSpans(BATCH, { traces: 8 });
  const official = new ConsoleSpanExporter();
  const { inspect } = await import('node:util');
  return compare(
    `exporter-stdout: turning a span into text, no I/O (batches of ${BATCH}; ops/s = spans/s)`,
    {
      "ConsoleSpanExporter's _exportInfo + util.inspect (what console.dir does)": () => {
        for (const span of spans) inspect(official._exportInfo(span), { depth: 3 });
      },
      'formatSpanLine (@spawn/tracing-exporter-stdout)': () => {
        for (const span of spans) formatSpanLine(span);
      },
    },
    { batch: BATCH },
  );
}

/** Best of `runs` runs of `fn`: wall time and CPU time (user + system) in ms; CPU time is less disturbed by a busy machine. */
function best(runs, fn) {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    fn();
    const used = process.cpuUsage(startCpu);
    wall = Math.min(wall, performance.now() - start);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

function renderHundredThousand(dir) {
  // 100 000 spans in 1 000 traces, written by two instances into two files.
  const lines = [
    ...makeSpans(50_000, { traces: 1_000, instance: 'i-0aaaaaaaaaaaaaaaa', index: 0 }),
    ...makeSpans(50_000, { traces: 1_000, instance: 'i-0bbbbbbbbbbbbbbbb', index: 1 }),
  ].map(formatSpanLine);
  const a = join(dir, 'a.jsonl');
  const b = join(dir, 'b.jsonl');
  writeFileSync(a, `${lines.slice(0, 50_000).join('\n')}\n`);
  writeFileSync(b, `${lines.slice(50_000).join('\n')}\n`);
  const text = `${lines.join('\n')}\n`;
  const runs = process.env.BENCH_QUICK === '1' ? 1 : 3;
  let records;
  let traces;
  const parse = best(runs, () => {
    records = parseSpanLines(text).spans;
  });
  const stitch = best(runs, () => {
    traces = buildTraces(records);
  });
  let output = '';
  const render = best(runs, () => {
    output = renderTraces(traces, { width: 120 });
  });
  let html = '';
  const page = best(runs, () => {
    html = renderHtml(traces);
  });
  const start = performance.now();
  const cli = spawnSync(process.execPath, [CLI, a, b, '--html', join(dir, 'page.html')], {
    maxBuffer: 1 << 30,
  });
  const wall = performance.now() - start;
  if (cli.status !== 0) throw new Error(`spawn-trace failed: ${cli.stderr}`);
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  return {
    title: 'exporter-stdout: viewer on 100 000 spans',
    text: [
      '\n## exporter-stdout: viewer on 100 000 spans (1 000 traces, 2 files)\n',
      '| step | wall time | CPU time |',
      '| --- | ---: | ---: |',
      `| parse ${mb(text.length)} of JSON lines (parseSpanLines) | ${parse.wall.toFixed(0)} ms | ${parse.cpu.toFixed(0)} ms |`,
      `| stitch into traces (buildTraces) | ${stitch.wall.toFixed(0)} ms | ${stitch.cpu.toFixed(0)} ms |`,
      `| terminal waterfall (renderTraces, ${mb(output.length)}) | ${render.wall.toFixed(0)} ms | ${render.cpu.toFixed(0)} ms |`,
      `| HTML page (renderHtml, ${mb(html.length)}) | ${page.wall.toFixed(0)} ms | ${page.cpu.toFixed(0)} ms |`,
      `| \`spawn-trace a.jsonl b.jsonl --html page.html\` end to end (new process, ${mb(statSync(join(dir, 'page.html')).size)} page) | ${wall.toFixed(0)} ms | |`,
    ].join('\n'),
  };
}

export default async function () {
  const dir = mkdtempSync(join(tmpdir(), 'bench-exporter-stdout-'));
  try {
    return [await writeThroughput(dir), await formatOnly(), renderHundredThousand(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
