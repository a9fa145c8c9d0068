import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { AwsSdkInstrumentation, instrumentClient } from '@spawn/tracing-instrumentation-aws-sdk';
import { Bench } from 'tinybench';
const rate = Number(process.argv[2] ?? 1);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = { export: (_s, done) => done({ code: 0 }), shutdown: async () => {} };
const provider = new BasicTracerProvider({ sampler: new TraceIdRatioBasedSampler(rate), spanProcessors: [new BatchSpanProcessor(exporter)] });
const inst = new AwsSdkInstrumentation();
inst.setTracerProvider(provider);
let mw;
const fake = { config: { serviceId: 'DynamoDB', region: 'us-east-1' }, middlewareStack: { add: (m) => { mw = m; } }, send() {} };
instrumentClient(fake);
const exec = { clientName: 'DynamoDBClient', commandName: 'GetItemCommand' };
const result = { output: { Item: { id: { S: 'x' } }, $metadata: { httpStatusCode: 200, requestId: 'R', attempts: 1, totalRetryDelay: 0 } }, response: {} };
const next = async () => result;
const handler = mw(next, exec);
const args = { input: { TableName: 'jobs', Key: { id: { S: 'job-1' } } } };
async function loop(fn, n) { const s = process.cpuUsage(); for (let i = 0; i < n; i++) await fn(args); const u = process.cpuUsage(s); return (u.user + u.system) / n; }
for (let r = 0; r < 3; r++) { await loop(next, 20000); await loop(handler, 20000); }
const a = [], b = [];
for (let r = 0; r < 10; r++) { a.push(await loop(next, 20000)); b.push(await loop(handler, 20000)); }
const med = (x) => x.sort((p, q) => p - q)[x.length >> 1];
console.log(rate, 'bare', med(a).toFixed(2), 'traced', med(b).toFixed(2), 'added', (med(b) - med(a)).toFixed(2));
