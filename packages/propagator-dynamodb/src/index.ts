export {
  type AttributeNames,
  type DynamoDbItem,
  type ItemFormat,
  dynamoDbDocumentItemSetter,
  dynamoDbItemGetter,
  dynamoDbItemSetter,
} from './item-carrier.js';
export type { DynamoDbPropagationOptions, InjectItemOptions } from './options.js';
export { MAX_ITEM_BYTES } from './item-size.js';
export {
  type BatchWriteItemInputLike,
  type PutItemInputLike,
  type TransactWriteItemsInputLike,
  injectBatchWriteItem,
  injectIntoItem,
  injectIntoItemInPlace,
  injectPutItem,
  injectTransactWriteItems,
} from './inject-item.js';
export { type UpdateItemInputLike, injectUpdateItem } from './inject-update-item.js';
export {
  type ExtractFromStreamRecordOptions,
  type StreamRecordLike,
  extractFromItem,
  extractFromStreamRecord,
} from './extract-from-item.js';
export { type WithItemContextOptions, withItemContext } from './with-item-context.js';
