export interface SimulatedApp {
  clientId: string;
  clientSecret: string;
  /** Defaults to clientId, as for internal apps. */
  robotCode?: string;
  /** Granted scopes; default ['qyapi_robot_sendmsg', 'Card.Instance.Write', 'Card.Streaming.Write', 'qyapi_base']. */
  permissions?: string[];
}

export interface DingTalkSimulatorOptions {
  apps?: SimulatedApp[];
  host?: string;
  port?: number;
  ticketTtlMs?: number;
  redeliveryDelayMs?: number;
  /** 0 disables SYSTEM ping frames. */
  pingIntervalMs?: number;
  disconnectGraceMs?: number;
  tokenTtlSeconds?: number;
  webhookTtlMs?: number;
  webhookRateLimitPerMinute?: number;
  maxWebhookBodyBytes?: number;
  maxGroupMsgParamBytes?: number;
  /** Card template ids createAndDeliver refuses with `param.templateUnpublished`. */
  unpublishedTemplates?: string[];
  /** v1.0 calls an app may make in any 1000 ms; undefined means no limit. */
  apiQps?: number;
  /** How a call over `apiQps` is refused; default 403. */
  apiQpsAnswer?: 403 | 429;
}

export type ResolvedOptions = Required<Omit<DingTalkSimulatorOptions, 'apps' | 'apiQps'>> & {
  apps: ResolvedApp[];
  apiQps: number | undefined;
};

export interface ResolvedApp {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  permissions: string[];
  /** The real gateway puts a per-app UUID into every frame's headers.appId. */
  appId: string;
  chatbotUserId: string;
}

export interface Subscription {
  type: string;
  topic: string;
}

export type ConnectionState = 'live' | 'draining' | 'zombie' | 'closed';

export interface SimulatedConnectionInfo {
  id: string;
  clientId: string;
  state: ConnectionState;
  openedAt: number;
  closedAt?: number;
  subscriptions: Subscription[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, the raw string when it is not JSON, undefined when empty or multipart (an upload is in `uploads`). */
  body: unknown;
  at: number;
}

export interface Delivery {
  messageId: string;
  msgId: string;
  connectionId: string;
  attempt: number;
  at: number;
}

export interface Ack {
  messageId: string;
  connectionId: string;
  code: number;
  data: unknown;
  at: number;
  latencyMs: number;
  /** True when `dropAcks` was set: the ACK did not stop redelivery. */
  ignored: boolean;
}

export interface PingRecord {
  connectionId: string;
  messageId: string;
  opaque: string;
  sentAt: number;
  echoedAt?: number;
  echoOk?: boolean;
}

/** Every text frame a client sent, whatever it was (ACK, ping echo, garbage). */
export interface ClientFrame {
  connectionId: string;
  raw: string;
  at: number;
}

export type ConversationType = '1' | '2';

export interface SentMessage {
  via: 'webhook' | 'batchSend' | 'groupSend';
  clientId: string;
  conversationId: string;
  conversationType: ConversationType;
  userIds?: string[];
  /** Webhook: the body's msgtype; Open API: the msgKey. */
  msgtype: string;
  title?: string;
  text: string;
  atUserIds?: string[];
  /** The webhook body, or the parsed msgParam for Open API sends. */
  payload: unknown;
  /** The uploaded picture or file a `sampleImageMsg` or `sampleFile` send carries. */
  file?: SentFile;
  at: number;
}

export interface SentFile {
  mediaId: string;
  /** The uploaded file's name for a picture; for a file, the `fileName` the send gave, which is what DingTalk shows. */
  name: string;
  kind: 'image' | 'file';
  bytes: number;
  mimeType: string;
  /** False for a picture sent by `photoMediaId`: DingTalk answers 200 and shows nothing. */
  shown: boolean;
}

/** One call of `media/upload`, whatever its answer. */
export interface UploadRecord {
  /** Undefined when the access token was not valid. */
  clientId?: string;
  /** The `type` query parameter as given; empty when missing. */
  type: string;
  fileName?: string;
  bytes?: number;
  /** The HTTP status answered: 200 even for a refusal, as on the oapi host, unless `failUploads` chose another. */
  status: number;
  errcode: number;
  errmsg: string;
  mediaId?: string;
  /** Failed on purpose by `failUploads`. */
  injected: boolean;
  at: number;
}

export interface ReactionRecord {
  action: 'reply' | 'recall';
  openMsgId: string;
  openConversationId: string;
  emotionName: string;
  body: unknown;
  at: number;
}

export interface PushMessageInput {
  /** Which app's bot receives it; default the first app. */
  clientId?: string;
  conversation?: { id?: string; type?: 'dm' | 'group'; title?: string };
  /** `corpId`: the sender's organisation; the bot's own (SIMULATED_CORP_ID) when left out. */
  sender?: { staffId?: string; nick?: string; senderId?: string; corpId?: string };
  msgtype?: string;
  text?: string;
  content?: unknown;
  isInAtList?: boolean;
  extra?: Record<string, unknown>;
  connectionId?: string;
}

export interface PushedMessage {
  msgId: string;
  messageId: string;
  conversationId: string;
  data: Record<string, unknown>;
  sessionWebhook: string;
}

export type CardSpaceType = 'IM_GROUP' | 'IM_ROBOT';

export interface CardFrame {
  guid: string;
  key: string;
  content: string;
  isFull: boolean;
  isFinalize: boolean;
  isError: boolean;
  at: number;
}

/** An AI card instance as createAndDeliver made it, updated in place by streaming, updates and callback answers. */
export interface CardRecord {
  outTrackId: string;
  clientId: string;
  templateId: string;
  spaceType: CardSpaceType;
  /** The id after the openSpaceId prefix: the group's conversationId or the staffId. */
  spaceId: string;
  /** The group's conversationId, or the DM conversation the staffId last wrote from. */
  conversationId: string;
  callbackType: string | undefined;
  /** False without `userIdType: 1`: the real server creates the card but shows nothing. */
  visible: boolean;
  /** Current value of every card parameter. */
  data: Record<string, string>;
  frames: CardFrame[];
  flowStatus?: string;
  /** A frame with isFinalize:true came. */
  finalized: boolean;
  createdAt: number;
  updatedAt: number;
  createBody: unknown;
}

export interface ClickCardInput {
  outTrackId: string;
  /** The clicker's staffId. */
  userId: string;
  actionId: string;
  params?: Record<string, unknown>;
  /** The clicker's organisation; default SIMULATED_CORP_ID. */
  corpId?: string;
  /** Needed only when several apps have a card with this outTrackId. */
  clientId?: string;
  connectionId?: string;
}

/** A button click pushed on the card callback topic, and the client's answer to it. */
export interface CardCallbackRecord {
  messageId: string;
  outTrackId: string;
  clientId: string;
  userId: string;
  actionId: string;
  /** The frame's `data` string as pushed. */
  data: string;
  at: number;
  /** The `data` of the first ACK that counted. */
  response?: unknown;
  answeredAt?: number;
}
