import { z } from 'zod';

/**
 * Why the chat platform could not be reached, refused, or why a connection is being replaced; the app words each
 * one in the user's language. The first group are the platform's own refusals, named as DingTalk's are (the one
 * platform so far; its codes and words are quoted in `dingtalkCode` and `dingtalkMessage`, names the log on disk
 * and the window already read).
 */
export const ConnectionProblemCodeSchema = z.enum([
  'auth',
  'permission',
  'rate-limit',
  'invalid-token',
  'webhook-expired',
  'too-large',
  'server',
  'bad-request',
  /** No answer in time, or no answer at all (the network, a proxy, a firewall). */
  'no-answer',
  'unreachable',
  /** The forward proxy: it refused to pass the call on, could not be reached, or is written so it cannot be used. */
  'proxy-refused',
  'proxy-unreachable',
  'proxy-unusable',
  /** DingTalk answered, but without what the request is for. */
  'no-ticket',
  'no-token',
  /** The stream socket itself. */
  'stream-refused',
  'socket-vanished',
  'connect-timeout',
  'abandoned',
  'connect-failed',
  /** Why a connection that was up is being replaced. */
  'asked-to-reconnect',
  'closed-at-once',
  'closed',
  'woke',
  /** The operating system said the machine woke from sleep. */
  'resumed',
  'no-pong',
  'silent',
]);
export type ConnectionProblemCode = z.infer<typeof ConnectionProblemCodeSchema>;

/** A problem code with the values its words need; DingTalk's own words are kept as they came, to be quoted. */
export const ConnectionProblemSchema = z.object({
  code: ConnectionProblemCodeSchema,
  status: z.number().optional(),
  /** DingTalk's error code (`code` or `errcode`) and message (`message` or `errmsg`), verbatim. */
  dingtalkCode: z.string().optional(),
  dingtalkMessage: z.string().optional(),
  /** For `permission`: the permission the app lacks, when DingTalk named it. */
  permission: z.string().optional(),
  seconds: z.number().optional(),
  /** For the proxy codes: the proxy without its password, or where the unusable one was configured. */
  proxy: z.string().optional(),
  /** What the network, the socket or DingTalk said, as it said it. */
  detail: z.string().optional(),
  /** For `closed`: the WebSocket close code. */
  closeCode: z.number().optional(),
  /** For `no-pong`: how many keep-alive pings went unanswered. */
  pings: z.number().optional(),
});
export type ConnectionProblem = z.infer<typeof ConnectionProblemSchema>;
