import { z } from 'zod';
import { TypedEmitter } from '../../base/typed-emitter.js';
import { DingTalkSimulator, type CardRecord } from './dingtalk/index.js';
import {
  GROUP_ID,
  GROUP_TITLE,
  SIMULATOR_FILE_PIECE_BYTES,
  SimulatorMessageSchema,
  dmIdFor,
  type AgentNotice,
  type SimulatorCard,
  type SimulatorCardClick,
  type SimulatorEntry,
  type SimulatorFilePiece,
  type SimulatorMessage,
} from './simulator-schema.js';
import type { BotCredentials } from '../dingtalk/credentials.js';
import type { Endpoints } from '../dingtalk/endpoints.js';
import type { ConversationType } from '../../chat/conversation-type.js';

export const SIMULATED_PEOPLE = [
  { staffId: 'zhangsan', nick: '张三' },
  { staffId: 'lisi', nick: '李四' },
  { staffId: 'stranger', nick: '王五' },
];


/**
 * A simulator channel's stand-in DingTalk and its chat: the operator writes as a person in a direct message
 * or the group, and sees the bot's replies and reactions, through exactly the engine a real bot uses.
 */
export class SimulatorChat extends TypedEmitter<{ changed: [] }> {
  readonly #simulator: DingTalkSimulator;
  /** What the operator sent, by msgId, with the callback data DingTalk would have delivered. */
  readonly #sent = new Map<
    string,
    { text: string; sender: { staffId: string; nick: string }; conversation: ConversationType; data: Record<string, unknown>; attachment?: SimulatorEntry['attachment'] }
  >();

  /** The simulator's own words in the chat, which no DingTalk message carries. */
  readonly #notices: Array<AgentNotice & { at: number }> = [];

  #pending: NodeJS.Timeout | undefined;

  private constructor(simulator: DingTalkSimulator) {
    super();
    this.#simulator = simulator;
    // The stand-in records every frame and request; the chat only needs to hear about them a few times a second.
    simulator.on('change', () => this.#changed());
  }

  #changed(): void {
    this.#pending ??= setTimeout(() => {
      this.#pending = undefined;
      this.emit('changed');
    }, 50);
  }

  /** `pingIntervalMs`: how often it sends SYSTEM pings, as DingTalk does, so the channel never takes it for silent. */
  static async start(pingIntervalMs: number): Promise<SimulatorChat> {
    const simulator = new DingTalkSimulator({ pingIntervalMs });
    await simulator.start();
    return new SimulatorChat(simulator);
  }

  get credentials(): BotCredentials {
    const app = this.#simulator.app;
    return { clientId: app.clientId, clientSecret: app.clientSecret, robotCode: app.robotCode ?? app.clientId };
  }

  get endpoints(): Endpoints {
    return this.#simulator.endpoints;
  }

  send(input: SimulatorMessage): { id: string } {
    const message = SimulatorMessageSchema.parse(input);
    const conversation = message.conversation === 'group' ? { type: 'group' as const, id: GROUP_ID, title: GROUP_TITLE } : { type: 'dm' as const, id: dmIdFor(message.sender.staffId) };
    const quoted = message.quoteId ? this.#quote(message.quoteId) : undefined;
    const attachment = message.attachment;
    let pushed;
    if (attachment) {
      const code = this.#simulator.addMedia(Buffer.from(attachment.dataBase64, 'base64'), attachment.mimeType, { fileName: attachment.fileName });
      const image = attachment.mimeType.startsWith('image/');
      pushed = this.#simulator.pushMessage({
        conversation,
        sender: message.sender,
        isInAtList: message.mention,
        ...(image && message.text.trim()
          ? { msgtype: 'richText', content: { richText: [{ text: message.text }, { type: 'picture', downloadCode: code }] } }
          : image
            ? { msgtype: 'picture', content: { downloadCode: code } }
            : { msgtype: 'file', content: { downloadCode: code, fileName: attachment.fileName } }),
      });
    } else {
      pushed = this.#simulator.pushMessage({
        conversation,
        sender: message.sender,
        isInAtList: message.mention,
        text: message.text,
        ...(quoted
          ? {
              extra: {
                text: {
                  content: message.text,
                  isReplyMsg: true,
                  repliedMsg: { msgType: 'text', msgId: quoted.id, senderId: quoted.senderId, senderNick: quoted.nick, content: { text: quoted.text } },
                },
              },
            }
          : {}),
      });
    }
    this.#sent.set(pushed.msgId, {
      text: message.text,
      sender: message.sender,
      conversation: message.conversation,
      data: pushed.data,
      ...(attachment ? { attachment: attachmentEntry(attachment) } : {}),
    });
    return { id: pushed.msgId };
  }

  /** Says something in a conversation of the chat as the simulator, not as the bot. */
  addNotice(notice: AgentNotice): void {
    this.#notices.push({ ...notice, at: Date.now() });
    this.#changed();
  }

  /** Everything said in the simulator, oldest first. */
  transcript(): SimulatorEntry[] {
    const entries: SimulatorEntry[] = [];
    const reacting = new Map<string, number>();
    for (const reaction of this.#simulator.reactions) {
      reacting.set(reaction.openMsgId, (reacting.get(reaction.openMsgId) ?? 0) + (reaction.action === 'reply' ? 1 : -1));
    }
    for (const delivery of this.#simulator.deliveries) {
      const person = this.#sent.get(delivery.msgId);
      if (!person || entries.some((entry) => entry.id === delivery.msgId)) continue;
      const data = person.data;
      entries.push({
        id: delivery.msgId,
        at: delivery.at,
        from: 'person',
        conversation: person.conversation,
        conversationId: String(data.conversationId),
        text: person.text,
        sender: person.sender,
        mention: data.isInAtList === true,
        ...(person.attachment ? { attachment: person.attachment } : {}),
        ...(quoteOf(data) ? { quote: quoteOf(data) } : {}),
        ...((reacting.get(delivery.msgId) ?? 0) > 0 ? { reaction: '👀' } : {}),
      });
    }
    for (const [index, sent] of this.#simulator.outbox.entries()) {
      entries.push({
        id: `bot-${index}`,
        at: sent.at,
        from: 'bot',
        conversation: sent.conversationType === '2' ? 'group' : 'dm',
        conversationId: sent.conversationId,
        text: sent.text,
        via: sent.via,
        ...(sent.file ? { sentFile: sent.file } : {}),
        ...actionButtonsOf(sent.payload),
      });
    }
    for (const card of this.#simulator.cards) {
      // DingTalk shows nothing for a card made without `userIdType: 1`, so neither does the chat.
      if (card.visible) entries.push(cardEntry(card));
    }
    // Last, so a notice stays after the bot's reply it explains when both fall in the same millisecond.
    for (const [index, notice] of this.#notices.entries()) {
      entries.push({ id: `notice-${index}`, from: 'simulator', conversation: notice.conversationId === GROUP_ID ? 'group' : 'dm', ...notice });
    }
    return entries.sort((a, b) => a.at - b.at);
  }

  /** Taps a button of a card the chat shows, as `as`; only a button the card shows now can be tapped. */
  clickCard(cardId: string, actionId: string, as: SimulatorCardClick['as']): void {
    const card = this.#simulator.cards.find((candidate) => candidate.outTrackId === cardId && candidate.visible);
    if (!card) throw new Error(`There is no card ${cardId} in the simulator.`);
    if (!cardOf(card).buttons.some((button) => button.id === actionId)) throw new Error(`The card ${cardId} has no button ${actionId}.`);
    this.#simulator.clickCard({ outTrackId: cardId, userId: as.staffId, actionId });
  }

  /** A piece of a file the bot uploaded, from `offset`: the window reads a file a piece at a time. */
  filePiece(mediaId: string, offset: number): SimulatorFilePiece {
    const file = this.#simulator.uploadedFile(mediaId);
    if (!file) throw new Error(`The bot uploaded no file ${mediaId} to the simulator.`);
    const size = file.bytes.length;
    if (!Number.isInteger(offset) || offset < 0 || offset >= size) {
      throw new Error(`${file.fileName} has ${size} bytes: there is nothing to read from byte ${offset}.`);
    }
    const piece = file.bytes.subarray(offset, offset + SIMULATOR_FILE_PIECE_BYTES);
    return { name: file.fileName, mimeType: file.mimeType, bytes: size, offset, dataBase64: piece.toString('base64') };
  }

  async stop(): Promise<void> {
    clearTimeout(this.#pending);
    await this.#simulator.stop();
  }

  #quote(id: string): { id: string; text: string; nick: string; senderId: string } | undefined {
    const person = this.#sent.get(id);
    if (person) return { id, text: person.text, nick: person.sender.nick, senderId: `$:LWCP_v1:$${person.sender.staffId}` };
    const bot = this.transcript().find((entry) => entry.id === id && entry.from === 'bot');
    return bot ? { id, text: bot.text, nick: 'Bot', senderId: this.#simulator.chatbotUserId } : undefined;
  }
}

function attachmentEntry(attachment: NonNullable<SimulatorMessage['attachment']>): NonNullable<SimulatorEntry['attachment']> {
  const image = attachment.mimeType.startsWith('image/');
  // A thumbnail only ever stands for a picture: a file claiming one would show as a picture it is not.
  return { fileName: attachment.fileName, kind: image ? 'image' : 'file', ...(image && attachment.thumbnail ? { thumbnail: attachment.thumbnail } : {}) };
}

function quoteOf(data: Record<string, unknown> | undefined): string | undefined {
  const text = data?.text as { repliedMsg?: { content?: { text?: string } } } | undefined;
  return text?.repliedMsg?.content?.text;
}

/** The buttons the card template draws, from its `sys_full_json_obj`. */
const CardButtonsSchema = z.object({ msgButtons: z.array(z.object({ id: z.string(), text: z.string() })) });

function cardEntry(card: CardRecord): SimulatorEntry {
  // The key the answer streams into; before the first frame, the public template's.
  const key = card.frames.at(-1)?.key ?? 'msgContent';
  return {
    id: `card-${card.outTrackId}`,
    at: card.createdAt,
    from: 'bot',
    conversation: card.spaceType === 'IM_GROUP' ? 'group' : 'dm',
    conversationId: card.conversationId,
    text: card.data[key] ?? '',
    via: 'card',
    card: cardOf(card),
  };
}

/** A card offers the buttons its data draws, whatever its state: the bot takes them away when they are done with. */
function cardOf(card: CardRecord): SimulatorCard {
  const state = card.flowStatus === '3' ? 'finished' : card.flowStatus === '5' ? 'failed' : 'streaming';
  return { id: card.outTrackId, state, buttons: buttonsOf(card) };
}

/** What a button of an ActionCard sends when tapped: DingTalk's "send this message" link, read back. */
const SENDING_LINK = 'dtmd://dingtalkclient/sendMessage?content=';

function sendsOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || !url.startsWith(SENDING_LINK)) return undefined;
  try {
    return decodeURIComponent(url.slice(SENDING_LINK.length));
  } catch {
    return undefined;
  }
}

/**
 * The buttons of an ActionCard the bot sent, by the webhook (`actionCard.btns`) or the Open API (`actionTitleN`,
 * `actionURLN`): only those that send words, the kind the simulator can carry out.
 */
function actionButtonsOf(payload: unknown): Pick<SimulatorEntry, 'actionButtons'> {
  const record = (payload ?? {}) as Record<string, unknown>;
  const card = (record.actionCard ?? {}) as { btns?: unknown };
  const listed = Array.isArray(card.btns) ? (card.btns as Array<{ title?: unknown; actionURL?: unknown }>).map((btn) => [btn.title, btn.actionURL]) : [];
  const numbered = [1, 2, 3, 4, 5].map((n) => [record[`actionTitle${n}`], record[`actionURL${n}`]]);
  const buttons = [...listed, ...numbered].flatMap(([text, url]) => {
    const sends = sendsOf(url);
    return typeof text === 'string' && sends !== undefined ? [{ text, sends }] : [];
  });
  return buttons.length ? { actionButtons: buttons } : {};
}

/** Whatever the bot wrote there: what is not a list of buttons draws none. */
function buttonsOf(card: CardRecord): SimulatorCard['buttons'] {
  const json = card.data.sys_full_json_obj;
  if (!json) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  const buttons = CardButtonsSchema.safeParse(parsed);
  return buttons.success ? buttons.data.msgButtons : [];
}
