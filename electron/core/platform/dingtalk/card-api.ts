import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ReplyTarget } from '../../chat/reply-target.js';
import { DingTalkError } from './errors.js';
import type { DingTalkRestClient, RestCallOptions } from './rest-client.js';

/** Where a card is delivered: a group by its conversationId, or a person's chat with the bot by their staffId. */
export interface CardSpace {
  type: 'IM_GROUP' | 'IM_ROBOT';
  id: string;
}

/** A card's `flowStatus`: what the DingTalk client draws around its text. */
export const FLOW_STATUS = { processing: '1', inputting: '2', finished: '3', failed: '5' } as const;

const DeliverAnswer = z.looseObject({
  success: z.boolean().optional(),
  result: z
    .looseObject({
      deliverResults: z.array(z.looseObject({ success: z.boolean().optional(), errorMsg: z.string().optional() })).optional(),
    })
    .optional(),
});
const Answer = z.looseObject({ success: z.boolean().optional() });

/** A group's card goes to the group; a direct chat's to the person, who must have a staffId. */
export function cardSpaceOf(target: ReplyTarget): CardSpace | undefined {
  if (target.conversationType === 'group') return { type: 'IM_GROUP', id: target.conversationId };
  return target.staffId ? { type: 'IM_ROBOT', id: target.staffId } : undefined;
}

export interface NewCard {
  robotCode: string;
  templateId: string;
  outTrackId: string;
  space: CardSpace;
  params: Record<string, string>;
}

/** Creates the card and puts it in its conversation, in one call; a delivery DingTalk reports as failed throws. */
export async function createAndDeliver(rest: DingTalkRestClient, card: NewCard): Promise<void> {
  const { robotCode, space } = card;
  const deliver =
    space.type === 'IM_GROUP'
      ? { imGroupOpenSpaceModel: { supportForward: true }, imGroupOpenDeliverModel: { robotCode } }
      : { imRobotOpenSpaceModel: { supportForward: true }, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode } };
  const answer = await rest.call(
    '/v1.0/card/instances/createAndDeliver',
    {
      cardTemplateId: card.templateId,
      outTrackId: card.outTrackId,
      // Without it DingTalk refuses every streamed frame; without userIdType 1 the card shows to nobody.
      callbackType: 'STREAM',
      userIdType: 1,
      openSpaceId: `dtv1.card//${space.type}.${space.id}`,
      cardData: { cardParamMap: card.params },
      ...deliver,
    },
    DeliverAnswer,
    { what: 'the AI card creation', paced: true },
  );
  const failed = answer.result?.deliverResults?.find((result) => result.success === false);
  if (answer.success === false || failed) {
    const said = failed?.errorMsg ? ` (DingTalk: ${failed.errorMsg})` : '';
    throw new DingTalkError(`DingTalk created the AI card but did not deliver it${said}.`, {
      kind: 'bad-request',
      ...(failed?.errorMsg ? { dingtalkMessage: failed.errorMsg } : {}),
      problem: { code: 'bad-request', ...(failed?.errorMsg ? { dingtalkMessage: failed.errorMsg } : {}) },
    });
  }
}

export interface CardFrame {
  outTrackId: string;
  key: string;
  /** The whole text so far, replacing what the card shows; `append`: added to it. */
  content: string;
  append?: boolean;
  finalize?: boolean;
  error?: boolean;
}

/** How a card's call goes: waiting for the app's pace or not (a wait `paceSignal` ends), each request `counted`. */
export type CardCallOptions = Pick<RestCallOptions, 'paced' | 'paceSignal' | 'counted'>;

/** One streamed frame of a card's text. */
export async function streamFrame(rest: DingTalkRestClient, frame: CardFrame, options: CardCallOptions): Promise<void> {
  await rest.call(
    '/v1.0/card/streaming',
    {
      outTrackId: frame.outTrackId,
      guid: randomUUID(),
      key: frame.key,
      content: frame.content,
      isFull: !frame.append,
      isFinalize: frame.finalize === true,
      isError: frame.error === true,
    },
    Answer,
    { what: 'the AI card text', method: 'PUT', ...options },
  );
}

/** Sets some of a card's values (its status, its final text); the others keep theirs. */
export async function updateCard(rest: DingTalkRestClient, outTrackId: string, params: Record<string, string>, options: CardCallOptions): Promise<void> {
  await rest.call(
    '/v1.0/card/instances',
    { outTrackId, cardData: { cardParamMap: params }, cardUpdateOptions: { updateCardDataByKey: true } },
    Answer,
    { what: 'the AI card update', method: 'PUT', ...options },
  );
}
