export {
  type AttributeNames,
  type MessageAttributeMap,
  type MessageAttributeValueLike,
  sqsMessageAttributesGetter,
  sqsMessageAttributesSetter,
} from './message-attributes.js';
export type { SqsPropagationOptions } from './options.js';
export {
  type InjectSendMessageOptions,
  MAX_MESSAGE_ATTRIBUTES,
  type SendMessageBatchInputLike,
  type SendMessageInputLike,
  injectSendMessage,
  injectSendMessageBatch,
} from './inject-send-message.js';
export { type ExtractFromMessageOptions, type ReceivedMessageLike, extractFromMessage } from './extract-from-message.js';
export {
  type ReceiveMessageInputLike,
  type TraceAttributeNamesOptions,
  withTraceAttributeNames,
} from './receive-message-input.js';
export { type ProcessMessageOptions, processMessage } from './process-message.js';
