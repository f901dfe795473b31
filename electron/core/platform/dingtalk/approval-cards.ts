import { randomUUID } from 'node:crypto';
import type { Logger } from '../../base/logger.js';
import { PermissionDecisionSchema, type PermissionDecision } from '../../chat/permission-decision.js';
import type { ReplyTarget } from '../../chat/reply-target.js';
import type { ApprovalPrompt, ApprovalQuestion } from '../approval-prompt.js';
import { cardSpaceOf, createAndDeliver, FLOW_STATUS, updateCard } from './card-api.js';
import type { CardClick } from './card-click.js';
import { PUBLIC_CARD_TEMPLATE } from './card-settings.js';
import { DingTalkError } from './errors.js';
import type { DingTalkRestClient } from './rest-client.js';

/** The start of an approval button's action id: `dingbridge-permission:<decision>:<request id>`. */
export const APPROVAL_ACTION = 'dingbridge-permission';

const CONTENT_KEY = 'msgContent';
/** How many asked cards are known at once: far more than wait at any time. */
const REMEMBERED_CARDS = 1_000;

/** The public template's buttons, from its `sys_full_json_obj`: these, or none once the request is settled. */
function buttonParams(buttons: Array<{ text: string; id: string; color: string }>): Record<string, string> {
  return { sys_full_json_obj: JSON.stringify({ order: [CONTENT_KEY, 'msgButtons'], msgButtons: buttons.map((button) => ({ ...button, request: true })) }) };
}

const COLOURS: Record<PermissionDecision, string> = { allow_once: 'blue', allow_always: 'gray', deny: 'red' };

/**
 * Permission requests as cards with Allow once / Always / Deny buttons, on DingTalk's public template (the one whose
 * buttons are known), whatever template the answers use. A card shows its question, then who answered and how.
 */
export class ApprovalCards {
  /**
   * The cards asked, by outTrackId, with the organisation of the bot that asked, for the clicker's id. Settled ones
   * stay known for a while: a tap that crossed the card's update is logged as late, not taken for another card's.
   */
  readonly #asked = new Map<string, { botCorpId: string | undefined }>();

  constructor(private readonly deps: { rest: DingTalkRestClient; robotCode: string; logger: Logger }) {}

  async ask(target: ReplyTarget, question: ApprovalQuestion, botCorpId: string | undefined): Promise<ApprovalPrompt> {
    const space = cardSpaceOf(target);
    if (!space) throw new DingTalkError('DingTalk gave no staffId for this person, so no card can be sent to them.', { kind: 'bad-request' });
    const outTrackId = `dingbridge-permission-${randomUUID()}`;
    const buttons = question.buttons.map(({ decision, text }) => ({ text, id: `${APPROVAL_ACTION}:${decision}:${question.id}`, color: COLOURS[decision] }));
    // Known before it is asked for: the person can see the card and tap it before DingTalk's answer to the call
    // reaches us. One that failed stays known too: a tap on it, if DingTalk made it after all, is still an answer.
    this.#asked.set(outTrackId, { botCorpId });
    if (this.#asked.size > REMEMBERED_CARDS) this.#asked.delete(this.#asked.keys().next().value ?? '');
    await createAndDeliver(this.deps.rest, {
      robotCode: this.deps.robotCode,
      templateId: PUBLIC_CARD_TEMPLATE,
      outTrackId,
      space,
      params: { config: '{"autoLayout":true}', [CONTENT_KEY]: question.text, flowStatus: FLOW_STATUS.finished, ...buttonParams(buttons) },
    });
    return {
      editable: true,
      settle: async (text) => {
        await updateCard(this.deps.rest, outTrackId, { [CONTENT_KEY]: text, ...buttonParams([]) }, {}).catch((error: unknown) =>
          this.deps.logger.warn('A permission card could not be updated to show its answer', { error: String(error) }),
        );
      },
    };
  }

  /** The answer a click on one of these cards gives (the request says whether it still takes one); none for any other card. */
  clickOf(click: CardClick): { requestId: string; decision: PermissionDecision; botCorpId: string | undefined } | undefined {
    const card = this.#asked.get(click.outTrackId);
    if (!card) return undefined;
    for (const action of click.actionIds) {
      const [prefix, decision, requestId] = action.split(':');
      const known = PermissionDecisionSchema.safeParse(decision);
      if (prefix === APPROVAL_ACTION && known.success && requestId) return { requestId, decision: known.data, botCorpId: card.botCorpId };
    }
    return undefined;
  }
}
