// CPU per DynamoDB GetItem against a local responder: @opentelemetry/instrumentation-aws-sdk vs
// @spawn/tracing-instrumentation-aws-sdk vs aws-xray-sdk-core's captureAWSv3Client, at 100 % and 10 %
// sampling. Each instrumentation runs in its own child process (they all patch the same SDK) that
// alternates batches of traced and untraced calls (instrumentation enabled / disabled; for X-Ray a
// captured and a plain client) and measures its own process.cpuUsage(), so the added CPU per call is a
// paired difference in one warm process: machine noise and the context manager's own cost cancel out.
// The responder runs in this process, so its CPU is not counted.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const quick = process.env.BENCH_QUICK === '1';
const VARIANTS = ['otel', 'spawn', 'xray'];
const LABELS = {
  otel: '@opentelemetry/instrumentation-aws-sdk',
  spawn: '@spawn/tracing-instrumentation-aws-sdk',
  xray: 'aws-xray-sdk-core captureAWSv3Client',
};
const GET_ITEM = JSON.stringify({ Item: { id: { S: 'job-1' }, state: { S: 'running' } } });

async function worker(variant, rate, endpoint) {
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
  // Spans are built, sampled and queued as in production; the exporter drops them (export cost is not the question).
  const exporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  let instrumentation;
  if (variant === 'otel' || variant === 'spawn') {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const provider = new BasicTracerProvider({
      sampler: new TraceIdRatioBasedSampler(rate),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    instrumentation =
      variant === 'spawn'
        ? new (await import('@spawn/tracing-instrumentation-aws-sdk')).AwsSdkInstrumentation()
        : new (await import('@opentelemetry/instrumentation-aws-sdk')).AwsInstrumentation();
    registerInstrumentations({ tracerProvider: provider, instrumentations: [instrumentation] });
  }
  const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
  const makeClient = () =>
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      maxAttempts: 1,
    });
  const client = makeClient();
  const send = (c) => c.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'job-1' } } }));
  let traced = () => send(client);
  let untraced = traced;
  let toggle = (on) => (on ? instrumentation.enable() : instrumentation.disable());
  if (variant === 'xray') {
    const xray = (await import('aws-xray-sdk-core')).default;
    const emitter = (await import('aws-xray-sdk-core/dist/lib/segment_emitter.js')).default;
    emitter.send = () => {};
    xray.setContextMissingStrategy(() => {});
    const plain = makeClient();
    xray.captureAWSv3Client(client);
    const ns = xray.getNamespace();
    // One segment per call, as a request handler would open; unsampled ones are `notTraced`.
    traced = () =>
      ns.runPromise(async () => {
        const segment = new xray.Segment('bench');
        segment.notTraced = Math.random() >= rate;
        xray.setSegment(segment);
        await send(client);
        segment.close();
      });
    untraced = () => send(plain);
    toggle = () => {};
  }
  const rounds = quick ? 6 : 16;
  const perBatch = quick ? 150 : 400;
  const batch = async (on) => {
    toggle(on);
    const fn = on ? traced : untraced;
    const start = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) await fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / perBatch;
  };
  for (let i = 0; i < (quick ? 2 : 4); i++) {
    await batch(true);
    await batch(false);
  }
  const on = [];
  const off = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first so neither side always follows a GC of the other.
    if (r % 2 === 0) {
      on.push(await batch(true));
      off.push(await batch(false));
    } else {
      off.push(await batch(false));
      on.push(await batch(true));
    }
  }
  client.destroy();
  return { on, off, diff: on.map((v, i) => v - off[i]) };
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
  const lines = [
    '\n## instrumentation-aws-sdk: CPU per DynamoDB GetItem against a local responder (µs of process CPU per call, medians)\n',
    '| task | sampling | untraced call | traced call | added per call |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  try {
    for (const rate of [1, 0.1]) {
      for (const variant of VARIANTS) {
        const { on, off, diff } = await runChild(self, variant, rate, endpoint);
        lines.push(
          `| ${LABELS[variant]} | ${rate * 100} % | ${median(off).toFixed(0)} µs | ${median(on).toFixed(0)} µs | ${median(diff).toFixed(1)} µs |`,
        );
      }
    }
  } finally {
    server.close();
  }
  return [{ title: 'instrumentation-aws-sdk', text: lines.join('\n') }];
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
