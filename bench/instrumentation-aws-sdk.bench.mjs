// CPU per DynamoDB GetItem against a local responder: no tracing, the OpenTelemetry SDK alone (provider
// and AsyncLocalStorage context manager, no instrumentation), @opentelemetry/instrumentation-aws-sdk,
// @spawn/tracing-instrumentation-aws-sdk and aws-xray-sdk-core's captureAWSv3Client, at 100 % and 10 %
// sampling. They all patch the same SDK, so each runs in its own child process measuring its own
// process.cpuUsage(); rounds of all variants alternate, each process reports its least-disturbed batch
// (other processes inflate CPU time, never deflate it) and the table shows the median over rounds. The
// OpenTelemetry instrumentations are compared with the SDK whose context manager is in use (as in any
// application with one active span), X-Ray with no tracing. The responder runs in this process, so its
// CPU is not counted.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const quick = process.env.BENCH_QUICK === '1';
const VARIANTS = ['none', 'idle', 'sdk', 'otel', 'spawn', 'xray'];
const BASELINE = { otel: 'sdk', spawn: 'sdk', xray: 'none' };
const LABELS = {
  none: 'no tracing',
  idle: 'OpenTelemetry SDK, context manager never used',
  sdk: 'OpenTelemetry SDK, context manager in use',
  otel: '@opentelemetry/instrumentation-aws-sdk',
  spawn: '@spawn/tracing-instrumentation-aws-sdk',
  xray: 'aws-xray-sdk-core captureAWSv3Client',
};
const GET_ITEM = JSON.stringify({ Item: { id: { S: 'job-1' }, state: { S: 'running' } } });

/**
 * The tracing middleware alone, installed with `instrumentClient` on a stand-in client and called with a
 * handler that answers at once: what this package adds per call, without the SDK's own CPU and its noise.
 */
async function middlewareWorker(rate) {
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const { AwsSdkInstrumentation, instrumentClient } = await import('@spawn/tracing-instrumentation-aws-sdk');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const provider = new BasicTracerProvider({
    sampler: new TraceIdRatioBasedSampler(rate),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const instrumentation = new AwsSdkInstrumentation();
  instrumentation.setTracerProvider(provider);
  let middleware;
  const client = {
    config: { serviceId: 'DynamoDB', region: 'us-east-1' },
    middlewareStack: { add: (m) => (middleware = m) },
    send() {},
  };
  instrumentClient(client);
  const result = {
    output: { Item: {}, $metadata: { httpStatusCode: 200, requestId: 'R', attempts: 1, totalRetryDelay: 0 } },
  };
  const next = async () => result;
  const handler = middleware(next, { clientName: 'DynamoDBClient', commandName: 'GetItemCommand' });
  const args = { input: { TableName: 'jobs', Key: { id: { S: 'job-1' } } } };
  const n = quick ? 5_000 : 20_000;
  const batch = async (fn) => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn(args);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / n;
  };
  for (let i = 0; i < 3; i++) {
    await batch(handler);
    await batch(next);
  }
  const on = [];
  const off = [];
  for (let r = 0; r < (quick ? 6 : 16); r++) {
    on.push(await batch(handler));
    off.push(await batch(next));
  }
  return { on, off, diff: on.map((v, i) => v - off[i]) };
}

async function worker(variant, rate, endpoint) {
  if (variant === 'middleware') return middlewareWorker(rate);
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
  // Spans are built, sampled and queued as in production; the exporter drops them (export cost is not the question).
  const exporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  if (variant !== 'none' && variant !== 'xray') {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const provider = new BasicTracerProvider({
      sampler: new TraceIdRatioBasedSampler(rate),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    const instrumentations = [];
    if (variant === 'spawn') {
      instrumentations.push(
        new (await import('@spawn/tracing-instrumentation-aws-sdk')).AwsSdkInstrumentation(),
      );
    } else if (variant === 'otel') {
      instrumentations.push(
        new (await import('@opentelemetry/instrumentation-aws-sdk')).AwsInstrumentation(),
      );
    }
    registerInstrumentations({ tracerProvider: provider, instrumentations });
    // Node 20's AsyncLocalStorage adds a hook to every promise from its first `run` on. Any traced
    // application has made a span active somewhere, so the baseline for the instrumentations has too.
    if (variant !== 'idle') context.with(context.active(), () => undefined);
  }
  const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const send = () => client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'job-1' } } }));
  let call = send;
  if (variant === 'xray') {
    const xray = (await import('aws-xray-sdk-core')).default;
    const emitter = (await import('aws-xray-sdk-core/dist/lib/segment_emitter.js')).default;
    emitter.send = () => {};
    xray.setContextMissingStrategy(() => {});
    xray.captureAWSv3Client(client);
    const ns = xray.getNamespace();
    // One segment per call, as a request handler would open; unsampled ones are `notTraced`.
    call = () =>
      ns.runPromise(async () => {
        const segment = new xray.Segment('bench');
        segment.notTraced = Math.random() >= rate;
        xray.setSegment(segment);
        await send();
        segment.close();
      });
  }
  const perBatch = quick ? 150 : 300;
  const batches = quick ? 4 : 8;
  for (let i = 0; i < (quick ? 300 : 1000); i++) await call();
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < batches; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) await call();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / perBatch);
  }
  client.destroy();
  return best;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export default async function () {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(GET_ITEM),
        'x-amzn-requestid': 'BENCH0REQUEST0ID',
      });
      res.end(GET_ITEM);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const self = fileURLToPath(import.meta.url);
  const rounds = quick ? 2 : 5;
  const lines = [
    '\n## instrumentation-aws-sdk: CPU per DynamoDB GetItem against a local responder (µs of process CPU per call)\n',
    '| task | sampling | CPU per call | added per call |',
    '| --- | ---: | ---: | ---: |',
  ];
  try {
    for (const rate of [1, 0.1]) {
      const results = Object.fromEntries(VARIANTS.map((v) => [v, []]));
      for (let r = 0; r < rounds; r++) {
        for (const variant of VARIANTS) {
          results[variant].push(await withRetry(() => runChild(self, variant, rate, endpoint)));
        }
      }
      for (const variant of VARIANTS) {
        const cpu = median(results[variant]);
        const base = BASELINE[variant];
        const added = base ? `${(cpu - median(results[base])).toFixed(1)} µs` : '—';
        lines.push(`| ${LABELS[variant]} | ${rate * 100} % | ${cpu.toFixed(1)} µs | ${added} |`);
      }
    }
    lines.push(
      '\n## instrumentation-aws-sdk: the tracing middleware alone (µs of process CPU per call, span built and queued)\n',
      '| task | sampling | added per call |',
      '| --- | ---: | ---: |',
    );
    for (const rate of [1, 0.1]) {
      const { diff } = await withRetry(() => runChild(self, 'middleware', rate, endpoint));
      lines.push(
        `| @spawn/tracing-instrumentation-aws-sdk middleware | ${rate * 100} % | ${median(diff).toFixed(2)} µs |`,
      );
    }
  } finally {
    server.close();
  }
  return [{ title: 'instrumentation-aws-sdk', text: lines.join('\n') }];
}

/** A worker that could not start (a package being rebuilt under it in watch mode) gets two more tries. */
async function withRetry(fn, tries = 3) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    }
  }
}

function runChild(self, variant, rate, endpoint) {
  // Asynchronous, so this process keeps answering the worker's requests while it runs.
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self], {
      env: {
        ...process.env,
        AWS_BENCH_VARIANT: variant,
        AWS_BENCH_RATE: String(rate),
        AWS_BENCH_ENDPOINT: endpoint,
        AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${variant} worker exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)));
    });
  });
}

if (process.env.AWS_BENCH_VARIANT) {
  const samples = await worker(
    process.env.AWS_BENCH_VARIANT,
    Number(process.env.AWS_BENCH_RATE),
    process.env.AWS_BENCH_ENDPOINT,
  );
  process.stdout.write(`${JSON.stringify(samples)}\n`);
  process.exit(0);
}
