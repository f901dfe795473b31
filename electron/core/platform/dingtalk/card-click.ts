import { z } from 'zod';
import type { StreamFrame } from './stream-frame.js';

/** The action id of the stop button Dingbridge puts on its cards; a template of the user's own can use it too. */
export const STOP_ACTION = 'dingbridge-stop';

/** A click on a card's button: which card, who clicked (their staffId and organisation), and which buttons' actions it ran. */
export interface CardClick {
  outTrackId: string;
  userId: string;
  corpId: string;
  actionIds: string[];
}

const PrivateData = z.looseObject({ cardPrivateData: z.looseObject({ actionIds: z.array(z.string()) }) });
/** A staffId is someone only within an organisation: a click that does not say which is nobody's. */
const CallbackData = z.looseObject({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  corpId: z.string().min(1),
  content: z.string().optional(),
  value: z.string().optional(),
});

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The click a card callback frame reports; none when the frame does not read as one. */
export function cardClickOf(frame: StreamFrame): CardClick | undefined {
  const data = CallbackData.safeParse(parseJson(frame.data));
  if (!data.success) return undefined;
  // Some clients put the card's private data under `value` instead of `content`.
  const content = PrivateData.safeParse(parseJson(data.data.content ?? data.data.value));
  const { outTrackId, userId, corpId } = data.data;
  return { outTrackId, userId, corpId, actionIds: content.success ? content.data.cardPrivateData.actionIds : [] };
}

/**
 * The stop button, drawn by the public template from its `sys_full_json_obj`; `label` is its words. Without buttons
 * once the card has ended.
 */
export function stopButtonParams(label: string | undefined): Record<string, string> {
  const buttons = label === undefined ? [] : [{ text: label, color: 'gray', id: STOP_ACTION, request: true }];
  return { sys_full_json_obj: JSON.stringify({ order: ['msgContent', 'msgButtons'], msgButtons: buttons }) };
}
