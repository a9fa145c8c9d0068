import type { Attributes, AttributeValue } from '@opentelemetry/api';
import {
  ATTR_AWS_OPERATION,
  ATTR_AWS_REGION,
  ATTR_AWS_REQUEST_ID,
  ATTR_AWS_SERVICE,
} from '@spawn/tracing-core';
import type { SegmentAws } from './segment-document.js';

/**
 * Attribute names read into the `aws` block: our instrumentation's first, then OpenTelemetry's
 * semantic-convention names. Keys listed here are not repeated in metadata.
 */
const OPERATION = [ATTR_AWS_OPERATION, 'rpc.method'];
const REGION = [ATTR_AWS_REGION, 'cloud.region'];
const REQUEST_ID = [ATTR_AWS_REQUEST_ID, 'aws.request.id'];
const RETRIES = ['aws.retries', 'aws.retry_count'];
const TABLES = ['aws.dynamodb.table_names', 'aws.table_name', 'aws.dynamodb.table_name'];
const QUEUE_URL = ['aws.sqs.queue_url', 'aws.queue_url', 'messaging.url'];
const BUCKET = ['aws.s3.bucket', 'aws.bucket_name'];
const FUNCTION = ['faas.invoked_name', 'aws.lambda.function_name'];
const SERVICE = [ATTR_AWS_SERVICE, 'rpc.service'];

export const AWS_BLOCK_KEYS: ReadonlySet<string> = new Set([
  ...OPERATION,
  ...REGION,
  ...REQUEST_ID,
  ...RETRIES,
  ...TABLES,
  ...QUEUE_URL,
  ...BUCKET,
  ...FUNCTION,
  ...SERVICE,
  'rpc.system',
]);

/** The names X-Ray's service map uses for AWS services (our instrumentation lower-cases them). */
const SERVICE_NAMES: Record<string, string> = {
  dynamodb: 'DynamoDB',
  sqs: 'SQS',
  sns: 'SNS',
  ec2: 'EC2',
  s3: 'S3',
  lambda: 'Lambda',
  sts: 'STS',
  iam: 'IAM',
  ssm: 'SSM',
  xray: 'XRay',
  kinesis: 'Kinesis',
  secretsmanager: 'SecretsManager',
  cloudwatch: 'CloudWatch',
  'cloudwatch logs': 'CloudWatchLogs',
  cloudwatchlogs: 'CloudWatchLogs',
  logs: 'CloudWatchLogs',
  eventbridge: 'EventBridge',
  ecs: 'ECS',
  ecr: 'ECR',
  kms: 'KMS',
  route53: 'Route53',
  autoscaling: 'AutoScaling',
};

/** The AWS service of an AWS SDK span (ours or OpenTelemetry's `rpc.system=aws-api`), else `undefined`. */
export function awsServiceOf(attributes: Attributes): string | undefined {
  const ours = attributes[ATTR_AWS_SERVICE];
  const service = typeof ours === 'string' && ours !== '' ? ours : undefined;
  if (service === undefined && attributes['rpc.system'] !== 'aws-api') return undefined;
  const name = service ?? stringOf(attributes['rpc.service']) ?? 'AWS';
  return SERVICE_NAMES[name.toLowerCase()] ?? name;
}

/** Writes the `aws` block fields of an AWS SDK span into `aws` (a segment's may hold `ec2` already). */
export function awsBlock(attributes: Attributes, aws: SegmentAws = {}): SegmentAws {
  const operation = first(attributes, OPERATION);
  if (operation !== undefined) aws.operation = operation;
  const region = first(attributes, REGION);
  if (region !== undefined) aws.region = region;
  const requestId = first(attributes, REQUEST_ID);
  if (requestId !== undefined) aws.request_id = requestId;
  for (const key of RETRIES) {
    const retries = attributes[key];
    if (typeof retries === 'number' && Number.isInteger(retries) && retries >= 0) {
      aws.retries = retries;
      break;
    }
  }
  for (const key of TABLES) {
    const tables = stringsOf(attributes[key]);
    if (tables.length === 1) aws.table_name = tables[0];
    else if (tables.length > 1) aws.table_names = tables;
    if (tables.length > 0) break;
  }
  const queueUrl = first(attributes, QUEUE_URL);
  if (queueUrl !== undefined) aws.queue_url = queueUrl;
  const bucket = first(attributes, BUCKET);
  if (bucket !== undefined) aws.bucket_name = bucket;
  const fn = first(attributes, FUNCTION);
  if (fn !== undefined) aws.function_name = fn;
  return aws;
}

export function awsOperationOf(attributes: Attributes): string | undefined {
  return first(attributes, OPERATION);
}

function first(attributes: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = stringOf(attributes[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function stringOf(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringsOf(value: AttributeValue | undefined): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v !== '');
}
