import { createServer } from 'node:http';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsSdkInstrumentation } from '@spawn/tracing-instrumentation-aws-sdk';
const body = JSON.stringify({ Item: { id: { S: 'job-1' } } });
const server = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'R' }); res.end(body); }); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = { export: (_s, done) => done({ code: 0 }), shutdown: async () => {} };
const provider = new BasicTracerProvider({ sampler: new TraceIdRatioBasedSampler(Number(process.argv[2])), spanProcessors: [new BatchSpanProcessor(exporter)] });
const inst = new AwsSdkInstrumentation({ suppressHttpSpans: process.env.SUP !== '0' });
registerInstrumentations({ tracerProvider: provider, instrumentations: [inst] });
context.with(context.active(), () => undefined);
const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${server.address().port}`, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
const call = () => client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'job-1' } } }));
async function batch(n) { const s = process.cpuUsage(); for (let i = 0; i < n; i++) await call(); const u = process.cpuUsage(s); return (u.user + u.system) / n; }
for (let i = 0; i < 1500; i++) await call();
let on = Infinity, off = Infinity; const d = [];
for (let r = 0; r < 16; r++) { if (process.env.MODE === "off") inst.disable(); const a = await batch(300); const b = a; on = Math.min(on, a); off = Math.min(off, b); d.push(a - b); }
d.sort((x, y) => x - y);
console.log(process.argv[2], 'min on', on.toFixed(1), 'min off', off.toFixed(1), 'min diff', (on - off).toFixed(1), 'median paired', d[8].toFixed(1));
server.close(); client.destroy();
