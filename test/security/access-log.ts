import type { Api } from '../../electron/contract/client.js';
import { eventually } from './simulated-chat.js';

/** A simulator message sent as `person`, and what access control decided about it, as the log has it. */
export async function sendAndDecide(
  api: Api,
  channel: string,
  person: { staffId: string; nick: string; corpId?: string },
  where: 'dm' | 'group' = 'dm',
  text = 'hello',
) {
  const { id } = await api['simulator.send']({ channel, sender: person, conversation: where, text });
  return eventually(async () => {
    const decisions = await api['log.query']({ channel, kinds: ['access.decision'] });
    const decision = decisions.find((event) => event.kind === 'access.decision' && event.msgId === id);
    return decision?.kind === 'access.decision' ? decision : undefined;
  }, `the access decision on ${person.nick}'s message in ${channel}`);
}
