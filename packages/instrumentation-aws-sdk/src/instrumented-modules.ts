/**
 * Where smithy's `Client` class has lived: `@aws-sdk/smithy-client` (2021), `@smithy/smithy-client`
 * (until 3.1045, and as a re-export after), then `@smithy/core/client` (2026). Any of them patches the
 * one `send` every client of that SDK copy shares.
 */
export const SMITHY_CLIENT_MODULES = ['@smithy/smithy-client', '@aws-sdk/smithy-client'] as const;

/** `@smithy/core/client` is a subpath export; require hooks see the file it resolves to. */
export const SMITHY_CORE_MODULE = '@smithy/core';
export const SMITHY_CORE_CLIENT_FILES = [
  'dist-cjs/submodules/client/index.js',
  'dist-es/submodules/client/index.js',
] as const;

/**
 * The service packages themselves: their exported `*Client` classes are the public surface, so these
 * keep working whatever smithy moves next. Clients not listed are covered through the shared base.
 */
export const SERVICE_CLIENT_MODULES = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-lambda',
  '@aws-sdk/client-xray',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-sts',
  '@aws-sdk/client-ssm',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-cloudwatch',
  '@aws-sdk/client-cloudwatch-logs',
  '@aws-sdk/client-kinesis',
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/client-iam',
  '@aws-sdk/client-kms',
  '@aws-sdk/client-ecs',
  '@aws-sdk/client-sfn',
  '@aws-sdk/client-auto-scaling',
] as const;

/** Every module name the instrumentation hooks (for an ES module hook's include list). */
export const INSTRUMENTED_MODULES: readonly string[] = Object.freeze([
  ...SMITHY_CLIENT_MODULES,
  SMITHY_CORE_MODULE,
  ...SERVICE_CLIENT_MODULES,
]);
