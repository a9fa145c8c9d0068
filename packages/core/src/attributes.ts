/** Attribute keys of the specification's tables, as typed constants. */
export const ATTR_AWS_SERVICE = 'aws.service';
export const ATTR_AWS_OPERATION = 'aws.operation';
export const ATTR_AWS_REGION = 'aws.region';
export const ATTR_AWS_REQUEST_ID = 'aws.request_id';
export const ATTR_HTTP_STATUS_CODE = 'http.status_code';
export const ATTR_ERROR = 'error';
export const ATTR_SPAWN_INSTANCE_ID = 'spawn.instance_id';
export const ATTR_SPAWN_PROVIDER = 'spawn.provider';
export const ATTR_SPAWN_JOB_ARRAY_ID = 'spawn.job_array_id';
export const ATTR_SPAWN_JOB_ARRAY_INDEX = 'spawn.job_array_index';

/** The AWS SDK span attributes, with their value types. */
export interface AwsSpanAttributes {
  [ATTR_AWS_SERVICE]: string;
  [ATTR_AWS_OPERATION]: string;
  [ATTR_AWS_REGION]: string;
  [ATTR_AWS_REQUEST_ID]: string;
  [ATTR_HTTP_STATUS_CODE]: number;
  [ATTR_ERROR]: boolean;
}

/** The spawn identity attributes, with their value types. */
export interface SpawnAttributes {
  [ATTR_SPAWN_INSTANCE_ID]: string;
  [ATTR_SPAWN_PROVIDER]: 'ec2' | 'local';
  [ATTR_SPAWN_JOB_ARRAY_ID]: string;
  [ATTR_SPAWN_JOB_ARRAY_INDEX]: number;
}

/** The spawn identity keys: indexed by default in X-Ray, kept on every exported line. */
export const SPAWN_IDENTITY_KEYS = [
  ATTR_SPAWN_INSTANCE_ID,
  ATTR_SPAWN_PROVIDER,
  ATTR_SPAWN_JOB_ARRAY_ID,
  ATTR_SPAWN_JOB_ARRAY_INDEX,
] as const;
