import { z } from 'zod';
import type { ReplyTarget } from '../../chat/reply-target.js';
import type { ApprovalPrompt, ApprovalQuestion } from '../approval-prompt.js';
import { asDingTalkError, DingTalkError } from './errors.js';
import { postSessionWebhook, type DingTalkRestClient } from './rest-client.js';

const Answer = z.looseObject({});

/** The message is out and stays as it is: the answer is said after it. */
const SENT: ApprovalPrompt = { editable: false, settle: async () => undefined };

/** A link that, tapped in DingTalk, sends `words` into the conversation as the person who tapped it. */
const sendingLink = (words: string): string => `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(words)}`;

/**
 * A permission request as a markdown ActionCard, where cards are not used: each button sends the answer's words
 * (`/approve CODE`) as the person who taps it, so the answer takes the same path, and the same checks, as one typed.
 * The message cannot change afterwards. Through the conversation's webhook while it lives, else the Open API.
 */
export async function askWithActionCard(rest: DingTalkRestClient, robotCode: string, target: ReplyTarget, question: ApprovalQuestion): Promise<ApprovalPrompt> {
  const { title } = question;
  const failures: DingTalkError[] = [];
  if (target.webhook && (target.webhook.expiresAt === undefined || target.webhook.expiresAt > Date.now())) {
    const btns = question.buttons.map((button) => ({ title: button.text, actionURL: sendingLink(button.sends) }));
    try {
      await postSessionWebhook(target.webhook.url, { msgtype: 'actionCard', actionCard: { title, text: question.text, btnOrientation: '1', btns } }, { what: 'the permission request', proxy: rest.proxy });
      return SENT;
    } catch (error) {
      failures.push(asDingTalkError(error, 'Sending the permission request failed'));
    }
  }
  const buttons = Object.fromEntries(question.buttons.flatMap((button, index) => [[`actionTitle${index + 1}`, button.text], [`actionURL${index + 1}`, sendingLink(button.sends)]]));
  const msgKey = `sampleActionCard${question.buttons.length}`;
  const msgParam = JSON.stringify({ title, text: question.text, ...buttons });
  if (target.conversationType === 'group') {
    await rest.call('/v1.0/robot/groupMessages/send', { robotCode, openConversationId: target.conversationId, msgKey, msgParam }, Answer, { what: 'the permission request' });
    return SENT;
  }
  if (!target.staffId) throw failures[0] ?? new DingTalkError('DingTalk gave no staffId for this person, so the request cannot be sent.', { kind: 'bad-request' });
  await rest.call('/v1.0/robot/oToMessages/batchSend', { robotCode, userIds: [target.staffId], msgKey, msgParam }, Answer, { what: 'the permission request' });
  return SENT;
}
