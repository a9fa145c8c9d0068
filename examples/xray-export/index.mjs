// Sends a small trace to AWS X-Ray through the PutTraceSegments API: credentials and region from the
// standard AWS chain (the role needs xray:PutTraceSegments). XRAY_ENDPOINT overrides the API endpoint;
// `udp://127.0.0.1:2000` sends to an X-Ray daemon or CloudWatch agent instead.
import { trace } from '@opentelemetry/api';
import { startTracing } from '@spawn/tracing';
import { withSpan } from '@spawn/tracing-core';

const tracing = await startTracing({
  enabled: true,
  exporter: 'xray',
  samplingRate: 1,
  endpoint: process.env.XRAY_ENDPOINT ?? '',
  serviceName: 'spored',
});
const tracer = trace.getTracer('xray-example');
await withSpan(tracer, 'spawn.agent.monitor', async (span) => {
  span.setAttribute('spawn.instance_id', 'i-0abc1234567890def');
  await withSpan(tracer, 'spawn.agent.check_idle', async () => new Promise((r) => setTimeout(r, 10)));
  console.log(`trace ${span.spanContext().traceId} (X-Ray: 1-${span.spanContext().traceId.slice(0, 8)}-…)`);
});
await tracing.shutdown();
