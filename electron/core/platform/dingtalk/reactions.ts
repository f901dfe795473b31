import { z } from 'zod';
import type { Logger } from '../../base/logger.js';
import type { DingTalkRestClient } from './rest-client.js';

const ReactionAnswer = z.looseObject({ success: z.boolean().optional() });

/** The message a reaction sits on. */
export interface ReactionTarget {
  msgId: string;
  conversationId: string;
}

const THINKING = { emotionId: '2659900', emotionName: '👀', text: '👀', backgroundId: 'im_bg_1' } as const;
/** More reaction calls than this under way, and a new 👀 is left out: under a flood they would only queue up. */
const MAX_UNDER_WAY = 16;

/**
 * The 👀 shown on the user's message while the agent works. Best effort: a failure is logged and never
 * holds up or fails the reply.
 */
export class Reactions {
  #underWay = 0;

  constructor(
    private readonly rest: DingTalkRestClient,
    private readonly robotCode: string,
    private readonly logger: Logger,
  ) {}

  /** False when the 👀 was not put on, including when too many reaction calls are already under way. */
  async add(target: ReactionTarget): Promise<boolean> {
    if (this.#underWay >= MAX_UNDER_WAY) return false;
    return this.#call('/v1.0/robot/emotion/reply', target, 'adding the 👀 reaction');
  }

  /** DingTalk gives no handle for a reaction: recalling sends the same body again to the recall route. */
  recall(target: ReactionTarget): Promise<boolean> {
    return this.#call('/v1.0/robot/emotion/recall', target, 'removing the 👀 reaction');
  }

  async #call(path: string, target: ReactionTarget, what: string): Promise<boolean> {
    this.#underWay++;
    try {
      const answer = await this.rest.call(
        path,
        {
          robotCode: this.robotCode,
          openMsgId: target.msgId,
          openConversationId: target.conversationId,
          emotionType: 2,
          emotionName: THINKING.emotionName,
          textEmotion: THINKING,
        },
        ReactionAnswer,
        { what, timeoutMs: 5_000, background: true, paced: true },
      );
      return answer.success !== false;
    } catch (error) {
      this.logger.warn(`DingTalk reaction failed (${what})`, {
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    } finally {
      this.#underWay--;
    }
  }
}
