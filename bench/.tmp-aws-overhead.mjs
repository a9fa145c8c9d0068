import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsSdkInstrumentation } from '@spawn/tracing-instrumentation-aws-sdk';
import { Readable } from 'node:stream';
const rate = Number(process.argv[2] ?? 1);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = { export: (_s, done) => done({ code: 0 }), shutdown: async () => {} };
const provider = new BasicTracerProvider({ sampler: new TraceIdRatioBasedSampler(rate), spanProcessors: [new BatchSpanProcessor(exporter)] });
const inst = new AwsSdkInstrumentation({ suppressHttpSpans: process.env.SUP !== '0', semanticConventions: process.env.SEM !== '0' });
registerInstrumentations({ tracerProvider: provider, instrumentations: [inst] });
const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
const body = Buffer.from(JSON.stringify({ Item: { id: { S: 'job-1' } } }));
const requestHandler = { handle: async () => ({ response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'R' }, body: Readable.from([body]) } }) };
const client = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1, requestHandler });
const call = () => client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'job-1' } } }));
async function batch(n) { const s = process.cpuUsage(); for (let i = 0; i < n; i++) await call(); const u = process.cpuUsage(s); return (u.user + u.system) / n; }
for (let i = 0; i < 3000; i++) await call();
const on = [], off = [];
for (let r = 0; r < 20; r++) { inst.enable(); on.push(await batch(500)); inst.disable(); off.push(await batch(500)); }
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log({ rate, on: med(on).toFixed(1), off: med(off).toFixed(1), added: (med(on) - med(off)).toFixed(1) });
