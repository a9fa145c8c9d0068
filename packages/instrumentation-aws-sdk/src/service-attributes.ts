import type { Attributes, AttributeValue } from '@opentelemetry/api';
import {
  ATTR_DYNAMODB_CONSISTENT_READ,
  ATTR_DYNAMODB_COUNT,
  ATTR_DYNAMODB_INDEX_NAME,
  ATTR_DYNAMODB_LIMIT,
  ATTR_DYNAMODB_SCANNED_COUNT,
  ATTR_DYNAMODB_TABLE_NAMES,
  ATTR_EC2_INSTANCE_IDS,
  ATTR_FAAS_INVOKED_NAME,
  ATTR_FAAS_INVOKED_PROVIDER,
  ATTR_LAMBDA_FUNCTION_NAME,
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  ATTR_S3_BUCKET,
  ATTR_SQS_MESSAGE_ID,
  ATTR_SQS_MESSAGE_IDS,
  ATTR_SQS_QUEUE_NAME,
  ATTR_SQS_QUEUE_URL,
} from './attributes.js';

type Bag = Record<string, unknown>;

/** Long id lists are cut here: the attribute is for filtering, not an inventory. */
const MAX_IDS = 50;

/** The attributes users filter on, read from the command input before the request. */
export function addRequestAttributes(
  attrs: Attributes,
  service: string,
  operation: string,
  input: Bag,
  semconv: boolean,
): void {
  switch (service) {
    case 'dynamodb':
      dynamodbRequest(attrs, input);
      return;
    case 'sqs':
      sqsRequest(attrs, operation, input, semconv);
      return;
    case 'ec2': {
      const ids = stringList(input['InstanceIds']);
      if (ids.length > 0) attrs[ATTR_EC2_INSTANCE_IDS] = ids;
      return;
    }
    case 's3':
      if (typeof input['Bucket'] === 'string') attrs[ATTR_S3_BUCKET] = input['Bucket'];
      return;
    case 'lambda':
      if (typeof input['FunctionName'] === 'string') {
        attrs[ATTR_LAMBDA_FUNCTION_NAME] = input['FunctionName'];
        if (semconv) {
          attrs[ATTR_FAAS_INVOKED_NAME] = input['FunctionName'];
          attrs[ATTR_FAAS_INVOKED_PROVIDER] = 'aws';
        }
      }
      return;
  }
}

/**
 * Where the end of a span writes: the span itself. Straight `setAttribute` calls rather than an object
 * handed to `setAttributes`, which the SDK walks key by key anyway.
 */
export interface AttributeSink {
  setAttribute(key: string, value: AttributeValue): unknown;
}

/** The attributes read from a successful output (counts, message and instance ids). */
export function addResponseAttributes(
  span: AttributeSink,
  service: string,
  operation: string,
  output: Bag,
  hadRequestIds: boolean,
  semconv: boolean,
): void {
  switch (service) {
    case 'dynamodb':
      if (typeof output['Count'] === 'number') span.setAttribute(ATTR_DYNAMODB_COUNT, output['Count']);
      if (typeof output['ScannedCount'] === 'number')
        span.setAttribute(ATTR_DYNAMODB_SCANNED_COUNT, output['ScannedCount']);
      return;
    case 'sqs':
      sqsResponse(span, operation, output, semconv);
      return;
    case 'ec2':
      if (!hadRequestIds) {
        const ids = ec2InstanceIds(output);
        if (ids.length > 0) span.setAttribute(ATTR_EC2_INSTANCE_IDS, ids);
      }
      return;
  }
}

function dynamodbRequest(attrs: Attributes, input: Bag): void {
  const table = input['TableName'];
  const requestItems = input['RequestItems'];
  const transactItems = input['TransactItems'];
  if (requestItems === undefined && transactItems === undefined) {
    // The common single-table call: no set to collect names in.
    if (typeof table === 'string') attrs[ATTR_DYNAMODB_TABLE_NAMES] = [table];
  } else {
    const names = tableNames(table, requestItems, transactItems);
    if (names.length > 0) attrs[ATTR_DYNAMODB_TABLE_NAMES] = names;
  }
  if (typeof input['ConsistentRead'] === 'boolean')
    attrs[ATTR_DYNAMODB_CONSISTENT_READ] = input['ConsistentRead'];
  if (typeof input['IndexName'] === 'string') attrs[ATTR_DYNAMODB_INDEX_NAME] = input['IndexName'];
  if (typeof input['Limit'] === 'number') attrs[ATTR_DYNAMODB_LIMIT] = input['Limit'];
}

/** The tables of a batch or transaction call, each once. */
function tableNames(table: unknown, requestItems: unknown, transactItems: unknown): string[] {
  const tables = new Set<string>();
  if (typeof table === 'string') tables.add(table);
  if (isBag(requestItems)) for (const name of Object.keys(requestItems)) tables.add(name);
  if (Array.isArray(transactItems)) {
    for (const item of transactItems) {
      if (!isBag(item)) continue;
      for (const action of Object.values(item)) {
        if (isBag(action) && typeof action['TableName'] === 'string') tables.add(action['TableName']);
      }
    }
  }
  return [...tables];
}

/** The queue name is the URL's last path segment: `https://sqs.../123456789012/jobs` → `jobs`. */
export function queueNameOf(queueUrl: string): string {
  const slash = queueUrl.lastIndexOf('/');
  return slash === -1 ? queueUrl : queueUrl.slice(slash + 1);
}

function sqsRequest(attrs: Attributes, operation: string, input: Bag, semconv: boolean): void {
  let queueName: string | undefined;
  if (typeof input['QueueUrl'] === 'string') {
    attrs[ATTR_SQS_QUEUE_URL] = input['QueueUrl'];
    queueName = queueNameOf(input['QueueUrl']);
  } else if (typeof input['QueueName'] === 'string') {
    queueName = input['QueueName'];
  }
  if (queueName) attrs[ATTR_SQS_QUEUE_NAME] = queueName;
  if (!semconv) return;
  attrs[ATTR_MESSAGING_SYSTEM] = 'aws_sqs';
  if (queueName) attrs[ATTR_MESSAGING_DESTINATION_NAME] = queueName;
  if (operation === 'SendMessage' || operation === 'SendMessageBatch') {
    attrs[ATTR_MESSAGING_OPERATION_TYPE] = 'send';
    if (Array.isArray(input['Entries'])) attrs[ATTR_MESSAGING_BATCH_MESSAGE_COUNT] = input['Entries'].length;
  } else if (operation === 'ReceiveMessage') {
    attrs[ATTR_MESSAGING_OPERATION_TYPE] = 'receive';
  }
}

function sqsResponse(span: AttributeSink, operation: string, output: Bag, semconv: boolean): void {
  if (operation === 'SendMessage') {
    if (typeof output['MessageId'] === 'string') {
      span.setAttribute(ATTR_SQS_MESSAGE_ID, output['MessageId']);
      if (semconv) span.setAttribute(ATTR_MESSAGING_MESSAGE_ID, output['MessageId']);
    }
  } else if (operation === 'SendMessageBatch') {
    const ids = idsOf(output['Successful'], 'MessageId');
    if (ids.length > 0) span.setAttribute(ATTR_SQS_MESSAGE_IDS, ids);
  } else if (operation === 'ReceiveMessage') {
    const messages = output['Messages'];
    const ids = idsOf(messages, 'MessageId');
    if (ids.length > 0) span.setAttribute(ATTR_SQS_MESSAGE_IDS, ids);
    if (semconv)
      span.setAttribute(ATTR_MESSAGING_BATCH_MESSAGE_COUNT, Array.isArray(messages) ? messages.length : 0);
  } else if (operation === 'GetQueueUrl' || operation === 'CreateQueue') {
    if (typeof output['QueueUrl'] === 'string') span.setAttribute(ATTR_SQS_QUEUE_URL, output['QueueUrl']);
  }
}

function ec2InstanceIds(output: Bag): string[] {
  const ids = idsOf(output['Instances'], 'InstanceId');
  const reservations = output['Reservations'];
  if (Array.isArray(reservations)) {
    for (const reservation of reservations) {
      if (ids.length >= MAX_IDS) break;
      if (isBag(reservation))
        ids.push(...idsOf(reservation['Instances'], 'InstanceId', MAX_IDS - ids.length));
    }
  }
  return ids;
}

function idsOf(list: unknown, key: string, max = MAX_IDS): string[] {
  const ids: string[] = [];
  if (!Array.isArray(list)) return ids;
  for (const entry of list) {
    if (ids.length >= max) break;
    if (isBag(entry) && typeof entry[key] === 'string') ids.push(entry[key]);
  }
  return ids;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string').slice(0, MAX_IDS);
}

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}
