import type { ServerResponse } from 'node:http';
import type { ApiRateLimiter } from './api-gate.js';
import type { CardStore } from './card-store.js';
import type { MediaStore } from './media-store.js';
import type { Recorder } from './recorder.js';
import type { Scheduler } from './scheduler.js';
import type { SessionWebhooks } from './session-webhooks.js';
import type { StreamHub } from './stream-hub.js';
import type { TokenStore } from './token-store.js';
import type { ResolvedApp, ResolvedOptions } from './types.js';
import type { UploadStore } from './uploads.js';

/** What the HTTP routes need from the simulator, kept narrow so the routes stay free of the class. */
export interface RestContext {
  options: ResolvedOptions;
  tokens: TokenStore;
  sessions: SessionWebhooks;
  media: MediaStore;
  uploads: UploadStore;
  hub: StreamHub;
  recorder: Recorder;
  scheduler: Scheduler;
  cards: CardStore;
  rateLimiter: ApiRateLimiter;
  baseUrl(): string;
  wsEndpoint(): string;
  findApp(clientId: unknown, secret: unknown): ResolvedApp | undefined;
  appByClientId(clientId: string): ResolvedApp | undefined;
  /** The DM conversation the simulator last pushed from this staffId, if any. */
  dmConversationOf(staffId: string): string | undefined;
  /** Whether the simulator ever pushed a message from this group conversation. */
  isKnownGroup(conversationId: string): boolean;
}

/** A v1.0 API request's JSON body, an object (anything else reads as an empty one). */
export type ApiBody = Record<string, unknown>;

/** One v1.0 API route, called once the token is checked, with the app it belongs to. */
export type ApiRoute = (ctx: RestContext, app: ResolvedApp, body: ApiBody, res: ServerResponse) => void;

export interface RouteRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  rawBody: Buffer;
  /** More came than the route keeps (`bodyCapFor`): `rawBody` is only the start of it. */
  bodyCut: boolean;
}
