export { type LocalDynamoDb, localCredentials, startDynamoDb } from './dynamodb.js';
export { type LocalSqs, startSqs } from './sqs.js';
