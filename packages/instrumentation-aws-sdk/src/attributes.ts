/** Attribute keys this instrumentation adds beyond the specification's table (which lives in core). */
export const ATTR_AWS_ATTEMPTS = 'aws.attempts';
export const ATTR_AWS_TOTAL_RETRY_DELAY_MS = 'aws.total_retry_delay_ms';

export const ATTR_RPC_SYSTEM = 'rpc.system';
export const ATTR_RPC_SERVICE = 'rpc.service';
export const ATTR_RPC_METHOD = 'rpc.method';
export const ATTR_CLOUD_REGION = 'cloud.region';
export const ATTR_AWS_EXTENDED_REQUEST_ID = 'aws.extended_request_id';
export const ATTR_ERROR_TYPE = 'error.type';

export const ATTR_DYNAMODB_TABLE_NAMES = 'aws.dynamodb.table_names';
export const ATTR_DYNAMODB_CONSISTENT_READ = 'aws.dynamodb.consistent_read';
export const ATTR_DYNAMODB_INDEX_NAME = 'aws.dynamodb.index_name';
export const ATTR_DYNAMODB_LIMIT = 'aws.dynamodb.limit';
export const ATTR_DYNAMODB_COUNT = 'aws.dynamodb.count';
export const ATTR_DYNAMODB_SCANNED_COUNT = 'aws.dynamodb.scanned_count';

export const ATTR_SQS_QUEUE_URL = 'aws.sqs.queue_url';
export const ATTR_SQS_QUEUE_NAME = 'aws.sqs.queue_name';
export const ATTR_SQS_MESSAGE_ID = 'aws.sqs.message_id';
export const ATTR_SQS_MESSAGE_IDS = 'aws.sqs.message_ids';
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = 'messaging.batch.message_count';

export const ATTR_EC2_INSTANCE_IDS = 'aws.ec2.instance_ids';
export const ATTR_S3_BUCKET = 'aws.s3.bucket';
export const ATTR_LAMBDA_FUNCTION_NAME = 'aws.lambda.function_name';
export const ATTR_FAAS_INVOKED_NAME = 'faas.invoked_name';
export const ATTR_FAAS_INVOKED_PROVIDER = 'faas.invoked_provider';
