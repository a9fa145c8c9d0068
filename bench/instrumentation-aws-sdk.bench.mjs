// CPU per DynamoDB GetItem against a local responder: uninstrumented vs @opentelemetry/instrumentation-aws-sdk
// vs @spawn/tracing-instrumentation-aws-sdk vs aws-xray-sdk-core's captureAWSv3Client, at 100 % and 10 %
// sampling. Each variant runs in its own child process (they all patch the same SDK) and measures its own
// process.cpuUsage(); the responder runs in this process so its CPU is not counted.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const quick = process.env.BENCH_QUICK === '1';
const VARIANTS = ['uninstrumented', 'otel', 'spawn', 'xray'];
const LABELS = {
  uninstrumented: 'uninstrumented',
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
  if (variant === 'otel' || variant === 'spawn') {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const provider = new BasicTracerProvider({
      sampler: new TraceIdRatioBasedSampler(rate),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    const instrumentation =
      variant === 'spawn'
        ? new (await import('@spawn/tracing-instrumentation-aws-sdk')).AwsSdkInstrumentation()
        : new (await import('@opentelemetry/instrumentation-aws-sdk')).AwsInstrumentation();
    registerInstrumentations({ tracerProvider: provider, instrumentations: [instrumentation] });
  }
  const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  let call = () => client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'job-1' } } }));
  if (variant === 'xray') {
    const xray = (await import('aws-xray-sdk-core')).default;
    const emitter = (await import('aws-xray-sdk-core/dist/lib/segment_emitter.js')).default;
    emitter.send = () => {};
    xray.setContextMissingStrategy(() => {});
    xray.captureAWSv3Client(client);
    const ns = xray.getNamespace();
    const plain = call;
    // One segment per call, as a request handler would have; unsampled ones are `notTraced`.
    call = () =>
      ns.runPromise(async () => {
        const segment = new xray.Segment('bench');
        segment.notTraced = Math.random() >= rate;
        xray.setSegment(segment);
        await plain();
        segment.close();
      });
  }
  const batches = quick ? 5 : 12;
  const perBatch = quick ? 150 : 600;
  for (let i = 0; i < (quick ? 200 : 1000); i++) await call();
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) await call();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / perBatch);
  }
  client.destroy();
  samples.sort((a, b) => a - b);
  return samples;
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
  const rounds = quick ? 1 : 2;
  const lines = [
    '\n## instrumentation-aws-sdk: CPU per DynamoDB GetItem (local responder, µs of process CPU per call, median)\n',
    '| task | sampling | CPU/call | added vs uninstrumented |',
    '| --- | ---: | ---: | ---: |',
  ];
  try {
    for (const rate of [1, 0.1]) {
      const results = Object.fromEntries(VARIANTS.map((v) => [v, []]));
      for (let r = 0; r < rounds; r++) {
        for (const variant of VARIANTS) {
          const child = await runChild(self, variant, rate, endpoint);
          results[variant].push(...child);
        }
      }
      const base = median(results.uninstrumented);
      for (const variant of VARIANTS) {
        const cpu = median(results[variant]);
        const added = variant === 'uninstrumented' ? '—' : `${(cpu - base).toFixed(1)} µs`;
        lines.push(`| ${LABELS[variant]} | ${rate * 100} % | ${cpu.toFixed(1)} µs | ${added} |`);
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
