import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { SanitizingSpanProcessor, Sanitizer } from '@spawn/tracing-sanitizer';
import { compare } from './lib.mjs';

// Ten attributes as spawn's AWS SDK spans carry them: no secrets.
const CLEAN = {
  'aws.service': 'dynamodb',
  'aws.operation': 'GetItem',
  'aws.region': 'us-east-1',
  'aws.request_id': 'KJH7SD9F8G7H6J5K4L3M2N1B0V9C8X7Z6A5S4D3F2G1H0JKLMNPQ',
  'http.status_code': 200,
  error: false,
  'spawn.instance_id': 'i-0123456789abcdef0',
  'spawn.provider': 'ec2',
  'spawn.job_array_id': 'ja-20260101-abc123',
  'spawn.job_array_index': 5,
};

// The same span with three leaks: a secret key, a token in a URL, a password in an error message.
const LEAKY = {
  ...CLEAN,
  'db.password': 'hunter2-prod',
  'url.full': 'https://api.example.com/v1/jobs?token=tkn_5f2b9c8e7d6a&page=2',
  'error.message': 'connect ECONNREFUSED postgres://app:S3cr3t-Pa55@db.internal:5432/spawn',
};

export default async function () {
  const plain = new BasicTracerProvider().getTracer('bench');
  const sanitizer = new SanitizingSpanProcessor();
  const sanitized = new BasicTracerProvider({ spanProcessors: [sanitizer] }).getTracer('bench');
  const engine = new Sanitizer();

  // A finished clean span to clean again and again: measures the sanitizer alone.
  const finished = plain.startSpan('aws.dynamodb.GetItem', { attributes: CLEAN });
  finished.end();
  const attrsOnly = { ...CLEAN };

  const results = [];
  results.push(
    await compare('sanitizer: a span with 10 typical attributes, no secrets (start + 10 attributes + end)', {
      'BasicTracerProvider, no sanitizer': () => plain.startSpan('aws.dynamodb.GetItem', { attributes: CLEAN }).end(),
      'BasicTracerProvider + SanitizingSpanProcessor': () =>
        sanitized.startSpan('aws.dynamodb.GetItem', { attributes: CLEAN }).end(),
    }),
  );
  results.push(
    await compare('sanitizer: the cleaning alone, clean span of 10 attributes', {
      'SanitizingSpanProcessor.onEnding (whole span: name, attributes, events, status, resource)': () =>
        sanitizer.onEnding(finished),
      'Sanitizer.attributes over the 10 attributes': () => engine.attributes(attrsOnly),
    }),
  );
  results.push(
    await compare('sanitizer: a span with 13 attributes, 3 of them leaking secrets', {
      'BasicTracerProvider, no sanitizer': () => plain.startSpan('aws.dynamodb.GetItem', { attributes: LEAKY }).end(),
      'BasicTracerProvider + SanitizingSpanProcessor': () =>
        sanitized.startSpan('aws.dynamodb.GetItem', { attributes: LEAKY }).end(),
    }),
  );
  return results;
}
