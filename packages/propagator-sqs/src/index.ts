export {
  type ExtractFromMessageOptions,
  extractFromMessage,
  type ReceivedMessageLike,
} from './extract-from-message.js';
export {
  type InjectedSendMessage,
  type InjectSendMessageOptions,
  injectSendMessage,
  injectSendMessageBatch,
  MAX_MESSAGE_ATTRIBUTES,
  type SendMessageBatchInputLike,
  type SendMessageInputLike,
} from './inject-send-message.js';
export {
  type AttributeNames,
  type MessageAttributeMap,
  type MessageAttributeValueLike,
  sqsMessageAttributesGetter,
  sqsMessageAttributesSetter,
} from './message-attributes.js';
export type { SqsPropagationOptions } from './options.js';
export { type ProcessMessageOptions, processMessage } from './process-message.js';
export {
  type ReceiveMessageInputLike,
  type TraceAttributeNamesOptions,
  withTraceAttributeNames,
} from './receive-message-input.js';
