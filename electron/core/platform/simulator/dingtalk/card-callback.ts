import { isRecord } from './http-util.js';
import { SIMULATED_CORP_ID } from './robot-message.js';
import type { CardRecord, ClickCardInput } from './types.js';

export const CARD_CALLBACK_TOPIC = '/v1.0/card/instances/callback';

/** The `data` string of a button click's CALLBACK frame; its `content` is itself a JSON string. */
export function cardCallbackData(card: CardRecord, click: ClickCardInput): string {
  return JSON.stringify({
    outTrackId: card.outTrackId,
    corpId: click.corpId ?? SIMULATED_CORP_ID,
    userId: click.userId,
    spaceType: card.spaceType,
    spaceId: card.spaceId,
    type: 'actionCallback',
    extension: '{}',
    content: JSON.stringify({ cardPrivateData: { actionIds: [click.actionId], params: click.params ?? {} } }),
  });
}

function parsed(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The card values a callback's ACK asks to set, from `{cardData:{cardParamMap}}`. The SDK's
 * socketCallBackResponse wraps its answer in `{response: …}`, so that shape counts too. Values that are
 * not strings are left out: no template takes them.
 */
export function cardParamsOfAnswer(data: unknown): Record<string, string> | undefined {
  const answer = parsed(data);
  if (!isRecord(answer)) return undefined;
  const body = isRecord(answer.response) ? answer.response : answer;
  const map = isRecord(body.cardData) ? body.cardData.cardParamMap : undefined;
  if (!isRecord(map)) return undefined;
  return Object.fromEntries(Object.entries(map).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
