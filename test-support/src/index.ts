export { childEnv, readJsonLines } from './child-env.js';
export { type LocalDynamoDb, localCredentials, startDynamoDb } from './dynamodb.js';
export {
  type Ec2Failure,
  type Ec2Instance,
  type Ec2InstanceState,
  type Ec2Options,
  type Ec2Request,
  type LocalEc2,
  startEc2,
} from './ec2.js';
export { type ImdsOptions, type ImdsRequest, type LocalImds, startImds } from './imds.js';
export { type ListeningServer, type LocalAwsServer, listenLocal } from './listen-local.js';
export { type LocalSqs, startSqs } from './sqs.js';
export {
  anyCarrierValue,
  traceparentish,
  VALID_TRACEPARENT,
  validTraceparent,
} from './traceparent-arbitraries.js';
export { captureDiag, setUpTracing } from './tracing.js';
export {
  type LocalXRay,
  startXRay,
  type XRayDocument,
  type XRayReply,
  type XRayRequest,
  type XRayUnprocessed,
} from './xray.js';
