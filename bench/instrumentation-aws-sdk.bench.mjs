// CPU per DynamoDB GetItem: @opentelemetry/instrumentation-aws-sdk, @spawn/tracing-instrumentation-aws-sdk
// and aws-xray-sdk-core's captureAWSv3Client, at 100 % and 10 % sampling, each against the same call
// without it, same run.
//
// Method. Each variant runs in its own worker process holding two copies of the SDK: one loaded before
// any instrumentation (never patched: the reference) and a fresh one loaded after (patched). The worker
// alternates batches of calls on the two clients (ABBA, no pause between them) and measures the process
// CPU of each batch (process.cpuUsage). The added cost is, per ABBA group, the instrumented batches'
// CPU per call minus the reference's — both measured within ~0.1 s in the same process, so the load of a
// shared machine and the state of the heap are the same for both — summarised as the median over groups
// with a distribution-free 95 % interval. Two workers instrument nothing: `no tracing` and
// `OpenTelemetry SDK` (provider and AsyncLocalStorage context manager in use, as in any application with
// an active span). What they report is the method's own noise for two identical clients, the band a real
// difference has to clear.
//
// The verdict per variant ("measurable" or not) uses main-thread CPU, whose noise is a third of the
// process's: the median added cost against the widest bound the two untraced workers reach.
//
// The switched method is narrower: one client, tracing switched on and off between ABBA batches (our
// instrumentation disabled, its patched `send` only forwarding), so both sides run the same SDK copy in
// the same process state; its band is the same worker with tracing off on both sides. The two SDK copies
// of the paired method can settle into speeds that differ by more than the tracing adds.
//
// The floor variant is the least any instrumentation on the OpenTelemetry SDK can cost: a bare span
// around `send` (started, made current, ended; no attributes), with @spawn/tracing's sampling. The
// floor-attributes variant is the same span with the 13 attributes this package gives a GetItem, set
// from constants: the least the span the issue specifies can cost, with no instrumentation logic.
//
// The profiler also reports tracing CPU per ms of the SDK's own CPU in the same worker (the machine's
// slow and fast phases move both alike), and V8's tier for the SDK's span code when the worker ends.
//
// Knobs: AWS_BENCH_RESPONDERS=memory|http, AWS_BENCH_VARIANTS=none,sdk,spawn-sampler (a subset),
// AWS_BENCH_RATES=1,0.1,0, AWS_BENCH_GROUPS (ABBA groups per worker), AWS_BENCH_CALLS (calls per batch),
// AWS_BENCH_SWITCHED_PROCESSES and AWS_BENCH_SWITCHED_GROUPS (the switched method's workers and groups).
//
// Responders. `in-process`: the SDK's request handler answers from memory (a fresh body stream per
// call, read and deserialised as usual), so the numbers hold the SDK's and the tracing's CPU without
// socket system calls, whose cost on a VM swings by hundreds of µs per call with the timing of the two
// processes. `loopback HTTP`: a server in the parent process (its CPU not counted) answers over
// keep-alive TCP.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const quick = process.env.BENCH_QUICK === '1';
const ALL_VARIANTS = ['none', 'sdk', 'floor', 'floor-attributes', 'otel', 'spawn', 'spawn-sampler', 'xray'];
// AWS_BENCH_VARIANTS=none,sdk,spawn-sampler for a run of some only (the noise band needs `none` and `sdk`).
const VARIANTS = process.env.AWS_BENCH_VARIANTS?.split(',') ?? ALL_VARIANTS;
// AWS_BENCH_RATES=0 (say) to look at one sampling rate: 0 is every call sampled out.
const RATES = process.env.AWS_BENCH_RATES?.split(',').map(Number) ?? [1, 0.1];
const LABELS = {
  none: 'no tracing (noise band)',
  sdk: 'OpenTelemetry SDK, no instrumentation (noise band)',
  floor:
    "a bare span around `send` (start, make current, end; no attributes) with @spawn/tracing's sampling: the SDK's own floor",
  'floor-attributes':
    'the same bare span with the 13 attributes this instrumentation gives a `GetItem` (8 at the start, 5 at the end; constant values): the floor for the span the issue asks for',
  otel: '@opentelemetry/instrumentation-aws-sdk',
  spawn: '**@spawn/tracing-instrumentation-aws-sdk**',
  'spawn-sampler':
    "**@spawn/tracing-instrumentation-aws-sdk** with @spawn/tracing's sampling (createSampler + FastIdGenerator + createEarlySampling)",
  xray: 'aws-xray-sdk-core captureAWSv3Client',
};
const RESPONDERS = { memory: 'in-process', http: 'loopback HTTP' };
const GET_ITEM = JSON.stringify({ Item: { id: { S: 'job-1' }, state: { S: 'running' } } });
const RESPONSE_HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'content-length': String(Buffer.byteLength(GET_ITEM)),
  'x-amzn-requestid': 'BENCH0REQUEST0ID',
};

/**
 * The tracing alone: smithy's real `Client.send`, patched by the module hook, on a client whose command
 * answers at once (no serialization, signing or handler stack): what this package adds per call, without
 * the SDK's own CPU and its noise. The reference is the same call with the instrumentation disabled (the
 * patched `send` then only forwards).
 */
async function aloneWorker(rate) {
  const require = createRequire(import.meta.url);
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
  const { AwsSdkInstrumentation } = await import('@spawn/tracing-instrumentation-aws-sdk');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const provider = new BasicTracerProvider({
    sampler: new TraceIdRatioBasedSampler(rate),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const instrumentation = new AwsSdkInstrumentation();
  registerInstrumentations({ tracerProvider: provider, instrumentations: [instrumentation] });
  const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
  const SmithyClient = Object.getPrototypeOf(DynamoDBClient);
  const client = new SmithyClient({ serviceId: 'DynamoDB', region: 'us-east-1' });
  const result = {
    output: { Item: {}, $metadata: { httpStatusCode: 200, requestId: 'R', attempts: 1, totalRetryDelay: 0 } },
  };
  const handler = () => Promise.resolve(result);
  const schema = new GetItemCommand({}).schema;
  class StandInGetItem {
    constructor(input) {
      this.input = input;
      this.schema = schema;
    }
    resolveMiddleware() {
      return handler;
    }
  }
  const input = { TableName: 'jobs', Key: { id: { S: 'job-1' } } };
  const call = () => client.send(new StandInGetItem(input));
  const n = quick ? 5_000 : 20_000;
  const batch = async (traced) => {
    if (traced) instrumentation.enable();
    else instrumentation.disable();
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await call();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / n;
  };
  for (let i = 0; i < 3; i++) {
    await batch(true);
    await batch(false);
  }
  const diff = [];
  for (let r = 0; r < (quick ? 6 : 16); r++) diff.push((await batch(true)) - (await batch(false)));
  return diff;
}

function dynamoClient(sdk, responder, endpoint) {
  const client = new sdk.DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    ...(responder === 'memory' && {
      requestHandler: {
        handle: async () => ({
          response: {
            statusCode: 200,
            reason: 'OK',
            headers: { ...RESPONSE_HEADERS },
            body: Readable.from([Buffer.from(GET_ITEM)]),
          },
        }),
      },
    }),
  });
  const send = () => client.send(new sdk.GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'job-1' } } }));
  return { client, send };
}

/** Forgets every loaded AWS SDK and smithy module, so the next `require` loads (and hooks patch) a fresh copy. */
function forgetSdk(require) {
  for (const key of Object.keys(require.cache)) {
    if (/[\\/]node_modules[\\/]@(aws-sdk|smithy)[\\/]/.test(key)) delete require.cache[key];
  }
}

/** The SDK's span class, as the bench's exporter first sees it (for the profile worker's V8 tiers). */
let exportedSpanClass;

/** Sets up one variant: the reference call (SDK copy never patched) and the traced call. */
async function setUpVariant(variant, rate, responder, endpoint) {
  const require = createRequire(import.meta.url);
  const reference = dynamoClient(require('@aws-sdk/client-dynamodb'), responder, endpoint);
  const floor = variant === 'floor' || variant === 'floor-attributes';
  if (variant !== 'xray') forgetSdk(require);
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
  // Spans are built, sampled and queued as in production; the exporter drops them (export cost is not the question).
  const exporter = {
    export: (spans, done) => {
      exportedSpanClass ??= spans[0]?.constructor;
      done({ code: 0 });
    },
    shutdown: async () => {},
  };
  let tracer;
  let instrumentation;
  if (variant !== 'none' && variant !== 'xray') {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    let provider = new BasicTracerProvider({
      sampler: new TraceIdRatioBasedSampler(rate),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    if (variant === 'spawn-sampler' || floor) {
      // What `@spawn/tracing` sets up: our sampler and ids, new traces decided before the SDK's tracer.
      const { createEarlySampling, createSampler, FastIdGenerator } = await import('@spawn/tracing-sampler');
      const early = createEarlySampling({
        sampler: createSampler({ rate }),
        idGenerator: new FastIdGenerator(),
      });
      provider = early.wrap(
        new BasicTracerProvider({
          sampler: early.sampler,
          idGenerator: early.idGenerator,
          spanProcessors: [new BatchSpanProcessor(exporter)],
        }),
      );
    }
    if (floor) tracer = provider.getTracer('floor');
    const instrumentations = [];
    if (variant === 'spawn' || variant === 'spawn-sampler') {
      const { AwsSdkInstrumentation } = await import('@spawn/tracing-instrumentation-aws-sdk');
      instrumentation = new AwsSdkInstrumentation();
      instrumentations.push(instrumentation);
    } else if (variant === 'otel') {
      const { AwsInstrumentation } = await import('@opentelemetry/instrumentation-aws-sdk');
      instrumentations.push(new AwsInstrumentation());
    }
    registerInstrumentations({ tracerProvider: provider, instrumentations });
    // Node 20's AsyncLocalStorage adds a hook to every promise from its first `run` on. Any traced
    // application has made a span active somewhere, so both clients run with that hook.
    context.with(context.active(), () => undefined);
  }
  const traced = dynamoClient(require('@aws-sdk/client-dynamodb'), responder, endpoint);
  let floorOn = true;
  // Tracing on or off for the traced client, for the switched method (the instrumentation disabled: its
  // patched `send` only forwards).
  const setTracing = (on) => {
    floorOn = on;
    if (on) instrumentation?.enable();
    else instrumentation?.disable();
  };
  if (floor) {
    // What any instrumentation on the SDK pays at least: one span started, current around the call, ended;
    // with attributes, those of the issue's span (what this package sets on a GetItem, read from nowhere).
    const { trace } = await import('@opentelemetry/api');
    const send = traced.client.send.bind(traced.client);
    const withAttributes = variant === 'floor-attributes';
    const end = (span) => {
      if (withAttributes) {
        span.setAttribute('error', false);
        span.setAttribute('aws.request_id', 'BENCH0REQUEST0ID');
        span.setAttribute('http.status_code', 200);
        span.setAttribute('aws.attempts', 1);
        span.setAttribute('aws.total_retry_delay_ms', 0);
      }
      span.end();
    };
    const options = () => ({
      kind: 2,
      attributes: {
        'aws.service': 'dynamodb',
        'aws.operation': 'GetItem',
        'aws.region': 'us-east-1',
        'rpc.system': 'aws-api',
        'rpc.service': 'DynamoDB',
        'rpc.method': 'GetItem',
        'cloud.region': 'us-east-1',
        'aws.dynamodb.table_names': ['jobs'],
      },
    });
    traced.client.send = (command) => {
      if (!floorOn) return send(command);
      const parent = context.active();
      const span = tracer.startSpan('aws.dynamodb.GetItem', withAttributes ? options() : { kind: 2 }, parent);
      const pending = context.with(trace.setSpan(parent, span), send, undefined, command);
      pending.then(
        () => end(span),
        () => end(span),
      );
      return pending;
    };
  }
  if (variant !== 'xray') return { reference: reference.send, traced: traced.send, setTracing };
  const xray = require('aws-xray-sdk-core');
  const emitter = require('aws-xray-sdk-core/dist/lib/segment_emitter.js');
  emitter.send = () => {};
  xray.setContextMissingStrategy(() => {});
  xray.captureAWSv3Client(traced.client);
  const ns = xray.getNamespace();
  // One segment per call, as a request handler would open; unsampled ones are `notTraced`.
  const call = () =>
    ns.runPromise(async () => {
      const segment = new xray.Segment('bench');
      segment.notTraced = Math.random() >= rate;
      xray.setSegment(segment);
      await traced.send();
      segment.close();
    });
  return { reference: reference.send, traced: call };
}

/** CPU time of this thread alone in µs (Linux; `undefined` elsewhere): no GC helper or compiler threads. */
function threadCpu() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e3;
  } catch {
    return undefined;
  }
}

/** CPU µs per call of `calls` calls, after `warm` unmeasured ones (caches and branch predictors settle). */
async function batch(call, calls, warm) {
  for (let i = 0; i < warm; i++) await call();
  const thread = threadCpu();
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(start);
  return {
    cpu: (used.user + used.system) / calls,
    main: thread === undefined ? Number.NaN : (threadCpu() - thread) / calls,
  };
}

async function pairedWorker({ variant, rate, responder, endpoint }) {
  const { reference, traced } = await setUpVariant(variant, rate, responder, endpoint);
  for (let i = 0; i < (quick ? 300 : 1_500); i++) {
    await reference();
    await traced();
  }
  const calls = Number(
    process.env.AWS_BENCH_CALLS ?? (responder === 'memory' ? (quick ? 100 : 200) : quick ? 40 : 80),
  );
  const warm = calls / 10;
  const groups = Number(process.env.AWS_BENCH_GROUPS ?? (quick ? 15 : 40));
  const out = { ref: [], test: [], added: [], addedMain: [] };
  for (let g = 0; g < groups; g++) {
    const a1 = await batch(reference, calls, warm);
    const b1 = await batch(traced, calls, warm);
    const b2 = await batch(traced, calls, warm);
    const a2 = await batch(reference, calls, warm);
    out.ref.push((a1.cpu + a2.cpu) / 2);
    out.test.push((b1.cpu + b2.cpu) / 2);
    out.added.push((b1.cpu + b2.cpu - a1.cpu - a2.cpu) / 2);
    out.addedMain.push((b1.main + b2.main - a1.main - a2.main) / 2);
  }
  return out;
}

/**
 * The switched method: one client, tracing switched on and off between batches (ABBA), so both sides run
 * the same copy of the SDK in the same process state. Narrower than the paired method, whose two SDK
 * copies can settle into different speeds; its band comes from the same worker with tracing off on both
 * sides (`band`).
 */
async function switchedWorker({ variant, rate, band }) {
  const { traced, setTracing } = await setUpVariant(variant, rate, 'memory', 'http://127.0.0.1:9');
  for (let i = 0; i < (quick ? 600 : 3_000); i++) {
    setTracing(i % 2 === 1 && !band);
    await traced();
  }
  const calls = Number(process.env.AWS_BENCH_CALLS ?? 100);
  const groups = Number(process.env.AWS_BENCH_SWITCHED_GROUPS ?? (quick ? 30 : 80));
  // Switching happens once per batch, before its unmeasured warm-up calls.
  const run = async (tracing) => {
    setTracing(tracing && !band);
    return batch(traced, calls, 10);
  };
  const addedMain = [];
  for (let g = 0; g < groups; g++) {
    const a1 = await run(false);
    const b1 = await run(true);
    const b2 = await run(true);
    const a2 = await run(false);
    addedMain.push((b1.main + b2.main - a1.main - a2.main) / 2);
  }
  return { addedMain };
}

// Where a sample's CPU goes: the first frame from the leaf up that belongs to tracing code or to the AWS
// SDK decides. So Node internals called by tracing (AsyncLocalStorage, timers) count as tracing, and SDK
// work called synchronously from inside the tracing wrapper counts as the SDK's.
const TRACING_CODE =
  /[\\/](@opentelemetry|@spawn|aws-xray-sdk-core|cls-hooked|async-hook-jl|emitter-listener|shimmer|require-in-the-middle)[\\/]|[\\/]packages[\\/][^\\/]+[\\/]dist[\\/]/;
const SDK_CODE = /[\\/]node_modules[\\/](@aws-sdk|@smithy|@aws-crypto|tslib)[\\/]/;

/**
 * CPU attributed to tracing code by V8's sampling profiler over many calls of the traced client (in-process
 * responder), per call. Unlike the paired difference, it does not subtract two large noisy numbers: its
 * error is the sampling error of a few hundred thousand samples. It does not see garbage collection that
 * tracing's allocations cause; that stays in the paired measurement.
 */
async function profileWorker({ variant, rate }) {
  const { Session } = await import('node:inspector');
  const { traced } = await setUpVariant(variant, rate, 'memory', 'http://127.0.0.1:9');
  const calls = quick ? 4_000 : 20_000;
  for (let i = 0; i < calls / 4; i++) await traced();
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 50 });
  await post('Profiler.start');
  for (let i = 0; i < calls; i++) await traced();
  const { profile } = await post('Profiler.stop');
  session.disconnect();
  const tiers = await sdkSpanTiers();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const category = new Map();
  const categorize = (id) => {
    const known = category.get(id);
    if (known !== undefined) return known;
    const { url, functionName } = byId.get(id).callFrame;
    let result;
    if (TRACING_CODE.test(url)) result = 'tracing';
    else if (SDK_CODE.test(url)) result = 'sdk';
    else if (parent.has(id)) result = categorize(parent.get(id));
    else result = 'other';
    if (result === 'other' && functionName === '(garbage collector)') result = 'gc';
    category.set(id, result);
    return result;
  };
  const totals = { tracing: 0, sdk: 0, gc: 0, other: 0 };
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const leaf = byId.get(id).callFrame.functionName;
    if (leaf === '(idle)' || leaf === '(program)') continue;
    totals[leaf === '(garbage collector)' ? 'gc' : categorize(id)] += profile.timeDeltas[i] ?? 0;
  }
  return { ...Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / calls])), tiers };
}

/**
 * Which V8 tier the SDK's span code has reached by the end of a profile worker (run with
 * --allow-natives-syntax): V8 optimizes a function once it has run enough, so at low sampling rates the
 * recorded-span path can stay in its slower baseline tier for many thousands of calls.
 */
async function sdkSpanTiers() {
  const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
  // Read without calling them: one call from another tracer could itself change the tier (a deopt).
  const startSpan = Object.getPrototypeOf(new BasicTracerProvider().getTracer('tiers')).startSpan;
  const status = new Function('f', 'return %GetOptimizationStatus(f)');
  const tierOf = (f) => {
    if (typeof f !== 'function') return 'not seen';
    const bits = status(f);
    if (bits & 16) return bits & 64 ? 'optimized' : 'maglev';
    if (bits & (1 << 15)) return 'baseline';
    if (bits & 128) return 'interpreted';
    // Compiled, no tier attached yet: the next call installs what the feedback vector holds.
    return bits & (1 << 18) ? 'never run' : 'pending';
  };
  const proto = exportedSpanClass?.prototype;
  return {
    'Tracer.startSpan': tierOf(startSpan),
    'Span constructor': tierOf(exportedSpanClass),
    'Span.setAttribute': tierOf(proto?.setAttribute),
    'Span.end': tierOf(proto?.end),
  };
}

async function worker(job) {
  const result =
    job.variant === 'alone'
      ? await aloneWorker(job.rate)
      : job.switched
        ? await switchedWorker(job)
        : job.profile
          ? await profileWorker(job)
          : await pairedWorker(job);
  process.send(result, () => process.exit(0));
}

function runWorker(self, job) {
  return new Promise((resolve, reject) => {
    const child = fork(self, [], {
      // The profile worker reads V8's tier of the SDK's span code.
      execArgv: job.profile ? [...process.execArgv, '--allow-natives-syntax'] : process.execArgv,
      env: {
        ...process.env,
        AWS_BENCH_JOB: JSON.stringify(job),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result;
    child.on('message', (msg) => {
      result = msg;
    });
    child.on('exit', (code) => {
      if (code !== 0 || result === undefined) reject(new Error(`${job.variant} worker exited with ${code}`));
      else resolve(result);
    });
  });
}

/** Median and a distribution-free 95 % interval for it (order statistics of the binomial(n, ½)). */
function medianWithInterval(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = 0.98 * Math.sqrt(n);
  const at = (i) => sorted[Math.min(n - 1, Math.max(0, i))];
  return {
    median: n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    low: at(Math.floor(n / 2 - half)),
    high: at(Math.ceil(n / 2 + half) - 1),
  };
}

/** A noise band's half-width: the widest 95 % bound any of the untraced workers' intervals reaches. */
function bandWidth(intervals) {
  return Math.max(...intervals.flatMap((d) => [Math.abs(d.low), Math.abs(d.high)]));
}

const signed = (v) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
const interval = (d) => `${signed(d.median)} µs (${signed(d.low)} … ${signed(d.high)})`;

export default async function () {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, RESPONSE_HEADERS);
      res.end(GET_ITEM);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const self = fileURLToPath(import.meta.url);
  const responders = (process.env.AWS_BENCH_RESPONDERS ?? 'memory,http').split(',');
  const lines = [
    '\n## instrumentation-aws-sdk: CPU per DynamoDB GetItem, traced vs the same call untraced in the same process (µs of process CPU per call; added: median over ABBA groups, 95 % interval)\n',
    '| task | sampling | responder | CPU per call, untraced → traced | added per call | added, main thread only |',
    '| --- | ---: | --- | ---: | ---: | ---: |',
  ];
  const summary = [];
  try {
    for (const responder of responders) {
      for (const rate of RATES) {
        // The verdicts use main-thread CPU: process CPU adds the GC and compiler threads, whose share
        // of a batch swings with where a collection lands, and its noise band is two to three times wider.
        const added = {};
        for (const variant of VARIANTS) {
          const r = await withRetry(() => runWorker(self, { variant, rate, responder, endpoint }));
          added[variant] = medianWithInterval(r.addedMain);
          const ref = medianWithInterval(r.ref).median.toFixed(1);
          const test = medianWithInterval(r.test).median.toFixed(1);
          lines.push(
            `| ${LABELS[variant]} | ${rate * 100} % | ${RESPONDERS[responder]} | ${ref} → ${test} µs | ${interval(medianWithInterval(r.added))} | ${interval(added[variant])} |`,
          );
        }
        const band = bandWidth(['none', 'sdk'].filter((v) => added[v] !== undefined).map((v) => added[v]));
        for (const variant of ['floor', 'floor-attributes', 'spawn', 'spawn-sampler'].filter(
          (v) => added[v] !== undefined,
        )) {
          const d = added[variant];
          const official = added.otel?.median ?? Number.NaN;
          // Measurable: the median lies outside everything the two untraced workers' intervals reach.
          const measurable = Math.abs(d.median) > band;
          summary.push(
            `- ${RESPONDERS[responder]}, ${rate * 100} %, main thread: ${variant} ${signed(d.median)} µs (95 % up to ${signed(d.high)}), official ${signed(official)} µs ` +
              `(ratio ${(d.median / official).toFixed(2)}); noise band ±${band.toFixed(1)} µs: ` +
              `${measurable ? 'the median lies outside it (measurable)' : 'the median lies inside it (not measurable)'}`,
          );
        }
      }
    }
    lines.push('', ...summary);
    // Each worker process settles into its own speed (code placement, GC timing), and the tracing's
    // share moves with it by more than a worker's interval says: several processes per variant,
    // interleaved, and the median over them.
    const processes = Number(process.env.AWS_BENCH_SWITCHED_PROCESSES ?? (quick ? 1 : 3));
    lines.push(
      `\n## instrumentation-aws-sdk: the switched method, one client with tracing switched on and off between batches (in-process responder; main-thread µs added per call: median over ${processes} worker processes of each one's median over ABBA groups, and the range of those; the band: the widest 95 % bound a worker with tracing off on both sides reaches)\n`,
      '| task | sampling | added, main thread only | process medians | verdict |',
      '| --- | ---: | ---: | ---: | --- |',
    );
    const switchedSummary = [];
    const switchedVariants = [
      'band',
      ...['floor', 'floor-attributes', 'spawn', 'spawn-sampler'].filter((v) => VARIANTS.includes(v)),
    ];
    for (const rate of RATES) {
      const runs = Object.fromEntries(switchedVariants.map((v) => [v, []]));
      for (let p = 0; p < processes; p++) {
        for (const v of switchedVariants) {
          const job =
            v === 'band'
              ? { variant: 'spawn-sampler', rate, switched: true, band: true }
              : { variant: v, rate, switched: true };
          runs[v].push(medianWithInterval((await withRetry(() => runWorker(self, job))).addedMain));
        }
      }
      const width = bandWidth(runs.band);
      for (const v of switchedVariants) {
        const medians = runs[v].map((d) => d.median).sort((a, b) => a - b);
        const median = medianWithInterval(medians).median;
        const range = `${signed(medians[0])} … ${signed(medians[medians.length - 1])} µs`;
        if (v === 'band') {
          lines.push(
            `| tracing off on both sides (noise band ±${width.toFixed(1)} µs) | ${rate * 100} % | ${signed(median)} µs | ${range} | |`,
          );
          continue;
        }
        const verdict = Math.abs(median) > width ? 'measurable' : 'not measurable';
        lines.push(`| ${LABELS[v]} | ${rate * 100} % | ${signed(median)} µs | ${range} | ${verdict} |`);
        if (!v.startsWith('floor')) {
          switchedSummary.push(
            `- ${rate * 100} %, ${v}: ${signed(median)} µs (process medians ${range}); band ±${width.toFixed(1)} µs: ${verdict}`,
          );
        }
      }
    }
    lines.push('', ...switchedSummary);
    lines.push(
      "\n## instrumentation-aws-sdk: main-thread CPU per GetItem in tracing code, from V8's sampling profiler (in-process responder; µs per call)\n",
      '| task | sampling | in tracing code | in the AWS SDK | tracing per ms of SDK CPU | garbage collection | other (Node, bench) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    const profiled = {};
    const tierLines = [];
    for (const rate of RATES) {
      for (const variant of ['floor', 'floor-attributes', 'otel', 'spawn', 'spawn-sampler', 'xray'].filter(
        (v) => VARIANTS.includes(v),
      )) {
        const t = await withRetry(() => runWorker(self, { variant, rate, profile: true }));
        // Per ms of the SDK's own CPU in the same run: the machine's slow and fast phases move both alike.
        const perSdkMs = (t.tracing / t.sdk) * 1000;
        profiled[`${variant}@${rate}`] = perSdkMs;
        lines.push(
          `| ${LABELS[variant]} | ${rate * 100} % | ${t.tracing.toFixed(1)} µs | ${t.sdk.toFixed(1)} µs | ${perSdkMs.toFixed(1)} µs | ${t.gc.toFixed(1)} µs | ${t.other.toFixed(1)} µs |`,
        );
        if (variant !== 'otel' && variant !== 'xray') {
          const tiers = Object.entries(t.tiers ?? {}).map(([f, tier]) => `${f} ${tier}`);
          tierLines.push(`- ${rate * 100} %, ${variant}: ${tiers.join(', ')}`);
        }
      }
    }
    lines.push(
      '',
      ...RATES.map(
        (rate) =>
          `- ${rate * 100} %: tracing CPU per ms of SDK CPU, the bare span ${profiled[`floor@${rate}`]?.toFixed(1)} µs, with the issue's attributes ${profiled[`floor-attributes@${rate}`]?.toFixed(1)} µs, spawn ${profiled[`spawn@${rate}`]?.toFixed(1)} µs, with @spawn/tracing's sampling ${profiled[`spawn-sampler@${rate}`]?.toFixed(1)} µs, official ${profiled[`otel@${rate}`]?.toFixed(1)} µs (ratio ${(profiled[`spawn-sampler@${rate}`] / profiled[`otel@${rate}`]).toFixed(2)}).`,
      ),
    );
    lines.push(
      "\nV8's tier for the SDK's span code at the end of each profile worker (a function runs optimized only once V8 has seen it run often enough):",
      ...tierLines,
    );
    lines.push(
      '\n## instrumentation-aws-sdk: the tracing alone, around a command that answers at once (µs of process CPU per call, span built and queued)\n',
      '| task | sampling | added per call |',
      '| --- | ---: | ---: |',
    );
    for (const rate of RATES) {
      const diff = await withRetry(() => runWorker(self, { variant: 'alone', rate }));
      lines.push(
        `| @spawn/tracing-instrumentation-aws-sdk, patched send | ${rate * 100} % | ${medianWithInterval(diff).median.toFixed(2)} µs |`,
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

if (process.env.AWS_BENCH_JOB) await worker(JSON.parse(process.env.AWS_BENCH_JOB));
