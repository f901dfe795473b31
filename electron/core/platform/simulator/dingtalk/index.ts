export { DingTalkSimulator, SIMULATED_APP, GATEWAY_PATH } from './dingtalk-simulator.js';
export { CARD_CALLBACK_TOPIC } from './card-callback.js';
export { CARD_INSTANCE_PERMISSION, CARD_STREAMING_PERMISSION } from './card-routes.js';
export { FaultInjector, type FaultSpec } from './faults.js';
export type { WaitOptions } from './recorder.js';
export { SEND_PERMISSION } from './robot-api-routes.js';
export { MEDIA_PERMISSION } from './upload-route.js';
export type { StoredUpload } from './uploads.js';
export {
  chatbotUserIdFor,
  DEFAULT_GROUP_ID,
  DEFAULT_GROUP_TITLE,
  DEFAULT_SENDER_NICK,
  DEFAULT_STAFF_ID,
  dmConversationId,
  SIMULATED_CORP_ID,
  ROBOT_TOPIC,
  senderIdFor,
} from './robot-message.js';
export type {
  Ack,
  CardCallbackRecord,
  CardFrame,
  CardRecord,
  CardSpaceType,
  ClickCardInput,
  ClientFrame,
  ConnectionState,
  ConversationType,
  Delivery,
  SimulatedApp,
  SimulatedConnectionInfo,
  DingTalkSimulatorOptions,
  PingRecord,
  PushedMessage,
  PushMessageInput,
  ReactionRecord,
  RecordedRequest,
  SentFile,
  SentMessage,
  Subscription,
  UploadRecord,
} from './types.js';
