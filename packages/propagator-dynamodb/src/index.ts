export {
  type ExtractFromStreamRecordOptions,
  extractFromItem,
  extractFromStreamRecord,
  type StreamRecordLike,
} from './extract-from-item.js';
export {
  type BatchWriteItemInputLike,
  injectBatchWriteItem,
  injectIntoItem,
  injectIntoItemInPlace,
  injectPutItem,
  injectTransactWriteItems,
  type PutItemInputLike,
  type TransactWriteItemsInputLike,
} from './inject-item.js';
export { injectUpdateItem, type UpdateItemInputLike } from './inject-update-item.js';
export {
  type AttributeNames,
  type DynamoDbItem,
  dynamoDbDocumentItemSetter,
  dynamoDbItemGetter,
  dynamoDbItemSetter,
  type ItemFormat,
} from './item-carrier.js';
export { MAX_ITEM_BYTES } from './item-size.js';
export type { DynamoDbPropagationOptions, InjectItemOptions } from './options.js';
export { type WithItemContextOptions, withItemContext } from './with-item-context.js';
