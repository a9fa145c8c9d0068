export * from './attributes.js';
export { AwsSdkInstrumentation } from './aws-sdk-instrumentation.js';
export type { AwsRequestInfo, AwsResponseInfo, AwsSdkInstrumentationConfig } from './config.js';
export { instrumentClient } from './instrument-client.js';
export { INSTRUMENTED_MODULES } from './instrumented-modules.js';
