import { dmMessage, groupText, robotFrame } from '../core/platform/dingtalk/frames.js';
import { ROBOT_TOPIC } from '../../electron/core/platform/dingtalk/stream-frame.js';
import { deepJson, hugeString, NASTY_STRINGS, PROTO_KEYS, randomJson, randomString, randomValue } from './hostile.js';
import type { Rng } from './prng.js';

/**
 * What the bridge must do with a frame, decided by how the generator built it:
 * - `message`: handed on as exactly one envelope;
 * - `malformed`: reported as skipped with a reason, never handed on;
 * - `either`: one of the two, but exactly one;
 * - `none`: a control frame (SYSTEM, EVENT, a callback for another topic) that is neither.
 */
export type Outcome = 'message' | 'malformed' | 'either' | 'none';

/** What goes back to DingTalk: an ACK, the echo a SYSTEM ping asks for, or nothing (no usable messageId). */
export type Reply = 'ack' | 'echo' | 'none';

export interface FuzzFrame {
  raw: string;
  kind: string;
  /** Set when the frame carries a usable messageId; unique within one generator. */
  messageId?: string;
  outcome: Outcome;
  reply: Reply;
  /** For frames that try to sneak a mention in through a prototype key: the envelope must not be mentioned. */
  mentioned?: false;
  /** The conversation a handed-on envelope must name. */
  conversationId?: string;
  /** A SYSTEM disconnect: DingTalk asking the bridge to reconnect. */
  disconnect?: true;
}

type Data = Record<string, unknown>;

/** Sets a key as an own property, so JSON.stringify writes `__proto__` as a key instead of ignoring it. */
function own(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const SYSTEM_TOPICS = ['ping', 'KEEPALIVE', 'CONNECTED', 'REGISTERED'];
const MSGTYPES = ['text', 'picture', 'richText', 'file', 'audio', 'video', 'markdown', 'interactiveCard', 'unknownMsgType', 'chatRecord'];

/** Values that are not a non-empty string, for fields that must be one. */
const notAString = (rng: Rng): unknown =>
  rng.pick<unknown>([null, 0, 42, -1.5, true, false, [], ['x'], {}, { a: 1 }, '', JSON.parse('{"__proto__":"x"}')]);

/** The fields a robot message can be read without, and what DingTalk puts there. */
const LENIENT_FIELDS = [
  'conversationTitle',
  'chatbotUserId',
  'chatbotCorpId',
  'msgId',
  'senderNick',
  'senderCorpId',
  'isAdmin',
  'sessionWebhook',
  'sessionWebhookExpiredTime',
  'createAt',
  'isInAtList',
  'atUsers',
  'robotCode',
  'msgtype',
  'text',
  'content',
] as const;

export class FrameGenerator {
  #n = 0;

  constructor(
    private readonly rng: Rng,
    private readonly options: { disconnects: boolean; hugeBytes: number } = { disconnects: true, hugeBytes: 1024 * 1024 },
  ) {}

  next(): FuzzFrame {
    const { rng } = this;
    const roll = rng.next();
    if (roll < 0.14) return this.garbage();
    if (roll < 0.3) return this.envelopeWrong();
    if (roll < 0.58) return this.dataWrong();
    if (roll < 0.78) return this.validShape();
    if (roll < 0.88) return this.system();
    if (roll < 0.94) return this.event();
    return this.otherCallback();
  }

  #id(): string {
    this.#n += 1;
    return `fz-${this.#n}-${this.rng.int(0, 0xffff).toString(16)}`;
  }

  #base(): { data: Data; conversationId: string } {
    const { rng } = this;
    const data = rng.chance(0.5) ? groupText() : dmMessage();
    data.msgId = `fzmsg-${this.#n}-${rng.int(0, 1e9)}`;
    if (rng.chance(0.2)) delete data.msgId;
    return { data, conversationId: String(data.conversationId) };
  }

  #frame(messageId: string, data: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { ...robotFrame(data, messageId), ...overrides };
  }

  #huge(): string {
    const { rng } = this;
    const size = rng.chance(0.2) ? rng.int(64 * 1024, this.options.hugeBytes) : rng.int(16 * 1024, 64 * 1024);
    return hugeString(size, rng.pick(['x', '钉', '\u0000', '😀', '"\\']));
  }

  /** Not a frame at all: bytes, text, truncated JSON, JSON of the wrong kind, nesting deeper than any stack. */
  garbage(): FuzzFrame {
    const { rng } = this;
    const real = JSON.stringify(this.#frame(this.#id(), groupText()));
    const raw = rng.pick<() => string>([
      () => rng.bytes(rng.int(1, 256)).toString('latin1'),
      () => rng.bytes(rng.int(1, 256)).toString('utf8'),
      () => randomString(rng, 200),
      () => real.slice(0, rng.int(0, real.length - 1)),
      () => real.slice(rng.int(1, real.length - 1)),
      () => rng.pick(['', ' ', '\n', 'null', 'true', '0', '"CALLBACK"', '[]', '{}', '[{}]', 'NaN', 'undefined', '\u0000']),
      () => randomJson(rng, 4),
      () => deepJson(rng.chance(0.1) ? 100_000 : rng.int(1_000, 20_000), 'array'),
      () => deepJson(rng.int(1_000, 10_000), 'object'),
      () => `{"type":"CALLBACK","headers":${deepJson(rng.int(1_000, 20_000), 'array')}}`,
    ])();
    return { raw, kind: 'garbage', outcome: 'malformed', ...this.#salvage(raw) };
  }

  /** The oracle for inputs built at random: an object whose headers hold a non-empty string messageId. */
  #salvage(raw: string): { messageId?: string; reply: Reply } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { reply: 'none' };
    }
    const headers = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Data).headers : undefined;
    const id = headers && typeof headers === 'object' ? (headers as Data).messageId : undefined;
    return typeof id === 'string' && id.length > 0 ? { messageId: id, reply: 'ack' } : { reply: 'none' };
  }

  /** A real robot frame with one field of the Stream envelope wrong. */
  envelopeWrong(): FuzzFrame {
    const { rng } = this;
    const messageId = this.#id();
    const { data } = this.#base();
    const frame = this.#frame(messageId, data);
    const headers = frame.headers as Data;
    switch (rng.int(0, 7)) {
      case 0:
        frame.type = rng.pick<unknown>([null, 1, true, [], {}, ['CALLBACK']]);
        return { raw: JSON.stringify(frame), kind: 'type-not-text', messageId, outcome: 'malformed', reply: 'ack' };
      case 1:
        frame.type = rng.pick(['MYSTERY', '', 'callback', 'CALLBACK ', '\u0000', ...PROTO_KEYS, randomString(rng), this.#huge()]);
        return { raw: JSON.stringify(frame), kind: 'type-unknown', messageId, outcome: 'malformed', reply: 'ack' };
      case 2:
        if (rng.chance(0.3)) delete frame.type;
        else frame.headers = rng.pick<unknown>([null, 'headers', 5, [], [headers], undefined]);
        if (frame.headers === undefined) delete frame.headers;
        return this.#expectSalvage(frame, 'headers-wrong');
      case 3:
        if (rng.chance(0.3)) delete headers.messageId;
        else headers.messageId = rng.pick<unknown>([null, 0, 12345, '', [], [messageId], { id: messageId }, true]);
        return { raw: JSON.stringify(frame), kind: 'messageId-wrong', outcome: 'malformed', reply: 'none' };
      case 4:
        if (rng.chance(0.3)) delete headers.topic;
        else headers.topic = notAString(rng);
        if (headers.topic === '') return { raw: JSON.stringify(frame), kind: 'topic-empty', messageId, outcome: 'none', reply: 'ack' };
        return { raw: JSON.stringify(frame), kind: 'topic-wrong', messageId, outcome: 'malformed', reply: 'ack' };
      case 5:
        if (rng.chance(0.3)) delete frame.data;
        else frame.data = rng.pick<unknown>([null, 5, true, [], data, { ...data }, ['{}']]);
        return { raw: JSON.stringify(frame), kind: 'data-not-text', messageId, outcome: 'malformed', reply: 'ack' };
      case 6: {
        // The messageId only on the prototype key: there is none, whatever `headers.messageId` would inherit.
        delete headers.messageId;
        own(headers, '__proto__', { messageId });
        return { raw: JSON.stringify(frame), kind: 'messageId-on-proto', outcome: 'malformed', reply: 'none' };
      }
      default: {
        own(frame, rng.pick(PROTO_KEYS), { type: 'SYSTEM', headers: { topic: 'disconnect' }, polluted: true });
        own(headers, rng.pick(PROTO_KEYS), JSON.parse('{"__proto__":{"polluted":true}}'));
        return { raw: JSON.stringify(frame), kind: 'envelope-proto-keys', messageId, outcome: 'message', reply: 'ack', conversationId: String(data.conversationId) };
      }
    }
  }

  #expectSalvage(frame: Data, kind: string): FuzzFrame {
    const raw = JSON.stringify(frame);
    return { raw, kind, outcome: 'malformed', ...this.#salvage(raw) };
  }

  /** A real robot frame whose `data` is broken, of the wrong shape, or has fields of the wrong type. */
  dataWrong(): FuzzFrame {
    const { rng } = this;
    const messageId = this.#id();
    const { data, conversationId } = this.#base();
    const malformed = (dataText: string, kind: string): FuzzFrame => ({
      raw: JSON.stringify(this.#frame(messageId, dataText)),
      kind,
      messageId,
      outcome: 'malformed',
      reply: 'ack',
    });
    const message = (kind: string, extra: Partial<FuzzFrame> = {}): FuzzFrame => ({
      raw: JSON.stringify(this.#frame(messageId, data)),
      kind,
      messageId,
      outcome: 'message',
      reply: 'ack',
      conversationId: String(data.conversationId),
      ...extra,
    });
    // Huge and deeply nested data cost the most to make and read, so they come less often than the rest.
    switch (rng.weighted([4, 4, 4, 4, 4, 4, 4, 4, 8, 1, 1, 4])) {
      case 0: {
        const text = JSON.stringify(data);
        return malformed(text.slice(0, rng.int(0, text.length - 1)), 'data-truncated');
      }
      case 1:
        return malformed(rng.pick(['', ' ', 'undefined', "{'single':'quotes'}", '{"a":1,}', randomString(rng, 50)]), 'data-not-json');
      case 2: {
        let text = randomJson(rng, 3);
        while (text.startsWith('{')) text = randomJson(rng, 3);
        return malformed(text, 'data-not-object');
      }
      case 3:
        return malformed(rng.pick(['{}', '{"msgtype":"text"}', '{"text":{"content":"hi"}}', '[{"conversationId":"c","conversationType":"1"}]']), 'data-wrong-shape');
      case 4: {
        if (rng.chance(0.3)) delete data.conversationId;
        else data.conversationId = notAString(rng);
        return malformed(JSON.stringify(data), 'conversationId-wrong');
      }
      case 5: {
        data.conversationType = rng.pick<unknown>(['3', '0', 3, 0, 'group', 'dm', '', null, true, [], '１', ' 1']);
        return malformed(JSON.stringify(data), 'conversationType-wrong');
      }
      case 6: {
        data.senderStaffId = rng.pick<unknown>([undefined, null, 5, '', '   ', {}]);
        data.senderId = rng.pick<unknown>([undefined, null, 7, '', '\t', []]);
        return malformed(JSON.stringify(data), 'sender-missing');
      }
      case 7: {
        // The missing field offered only on a prototype key must not count as present.
        delete data.conversationId;
        own(data, '__proto__', { conversationId });
        own(data, 'constructor', { prototype: { conversationId } });
        return malformed(JSON.stringify(data), 'conversationId-on-proto');
      }
      case 8: {
        const fields = LENIENT_FIELDS.filter(() => rng.chance(0.4));
        for (const field of fields.length ? fields : [rng.pick(LENIENT_FIELDS)]) {
          // A msgId that is text would make two frames one message; only the wrong types are tried for it.
          data[field] = field === 'msgId' || rng.chance(0.5) ? notAString(rng) : randomValue(rng, 3);
        }
        if (rng.chance(0.3)) data.senderStaffId = notAString(rng);
        return message('lenient-fields-wrong');
      }
      case 9: {
        const where = rng.pick(['text', 'senderNick', 'conversationTitle', 'msgtype', 'sessionWebhook']);
        if (where === 'text') data.text = { content: this.#huge() };
        else data[where] = this.#huge();
        return message(`huge-${where}`);
      }
      case 10: {
        // Written as text: nesting this deep is more than JSON.stringify can write, but not more than JSON.parse reads.
        const text = rng.chance(0.5) ? deepJson(rng.int(500, 10_000), 'object') : deepJson(rng.int(500, 50_000), 'array');
        const deep = `${JSON.stringify(data).slice(0, -1)},"text":${text},"content":${deepJson(rng.int(500, 10_000), 'object')},"atUsers":${deepJson(rng.int(100, 10_000), 'array')}}`;
        return { ...message('deep-nesting'), raw: JSON.stringify(this.#frame(messageId, deep)) };
      }
      default: {
        // A group message that does not mention the bot, with a mention offered through prototype keys.
        const group = groupText({ isInAtList: false, atUsers: [], msgId: data.msgId });
        own(group, '__proto__', { isInAtList: true, atUsers: [{ dingtalkId: group.chatbotUserId }], polluted: true });
        own(group.text as Data, '__proto__', { isReplyMsg: true, repliedMsg: { senderId: group.chatbotUserId } });
        Object.assign(data, group);
        return message('mention-on-proto', { mentioned: false });
      }
    }
  }

  /** A robot frame of valid shape with type-correct but unexpected values: every one must be handed on. */
  validShape(): FuzzFrame {
    const { rng } = this;
    const messageId = this.#id();
    const { data } = this.#base();
    const msgtype = rng.chance(0.8) ? rng.pick(MSGTYPES) : randomString(rng, 12);
    data.msgtype = msgtype;
    data.conversationId = rng.chance(0.7) ? `cid${rng.pick(NASTY_STRINGS)}${randomString(rng, 10)}x` : 'c';
    data.conversationType = rng.pick<unknown>(['1', '2', 1, 2]);
    data.senderNick = rng.pick(NASTY_STRINGS);
    if (rng.chance(0.3)) data.senderStaffId = `${randomString(rng, 6)}s`;
    if (rng.chance(0.3)) data.createAt = rng.pick<unknown>(['1769851697611', 0, 1e300, '12.5']);
    if (msgtype === 'text') data.text = { content: rng.chance(0.5) ? rng.pick(NASTY_STRINGS) : randomString(rng, 100) };
    else {
      delete data.text;
      data.content = rng.pick<() => unknown>([
        () => ({ downloadCode: randomString(rng, 30) || 'd', fileName: rng.pick(NASTY_STRINGS) }),
        () => ({ richText: [{ text: rng.pick(NASTY_STRINGS) }, { type: 'picture', downloadCode: 'dc' }, randomValue(rng, 2), { type: 'at', atName: randomString(rng) }] }),
        () => ({ recognition: randomString(rng, 40), duration: rng.pick<unknown>(['5', 5, '-1', 'x']) }),
        () => ({ unknownMsgType: rng.pick(NASTY_STRINGS) }),
        () => randomValue(rng, 3),
      ])();
    }
    if (rng.chance(0.2)) data.text = { content: 'quoting', isReplyMsg: true, repliedMsg: randomValue(rng, 3) };
    return {
      raw: JSON.stringify(this.#frame(messageId, data)),
      kind: `valid-${MSGTYPES.includes(msgtype) ? msgtype : 'random-type'}`,
      messageId,
      outcome: 'message',
      reply: 'ack',
      conversationId: String(data.conversationId),
    };
  }

  /** DingTalk's own control frames, with odd topics and data. */
  system(): FuzzFrame {
    const { rng } = this;
    const messageId = this.#id();
    const disconnect = this.options.disconnects && rng.chance(0.05);
    const topic = disconnect ? 'disconnect' : rng.chance(0.8) ? rng.pick(SYSTEM_TOPICS) : `${randomString(rng, 10)}?`;
    const data = rng.pick<() => string | undefined>([
      () => JSON.stringify({ opaque: randomString(rng, 36) }),
      () => randomJson(rng, 3),
      () => randomString(rng, 40),
      () => undefined,
    ])();
    const frame: Data = { specVersion: '1.0', type: 'SYSTEM', headers: { appId: 'a', connectionId: 'c', contentType: 'application/json', messageId, time: String(Date.now()), topic } };
    if (data !== undefined) frame.data = data;
    if (topic === 'ping' && rng.chance(0.1)) {
      // Headers too deep to write back in the echo: the frame is reported instead of taking the client down.
      const raw = JSON.stringify(frame).replace('"headers":{', `"headers":{"extra":${deepJson(rng.int(20_000, 60_000), 'array')},`);
      return { raw, kind: 'system-ping-unechoable', messageId, outcome: 'malformed', reply: 'none' };
    }
    return {
      raw: JSON.stringify(frame),
      kind: `system-${SYSTEM_TOPICS.includes(topic) || topic === 'disconnect' ? topic : 'unknown'}`,
      messageId,
      outcome: 'none',
      reply: topic === 'ping' ? 'echo' : 'none',
      ...(disconnect ? { disconnect: true as const } : {}),
    };
  }

  event(): FuzzFrame {
    const { rng } = this;
    const messageId = this.#id();
    const frame = {
      specVersion: '1.0',
      type: 'EVENT',
      headers: { messageId, topic: rng.chance(0.5) ? 'chat_update_title' : randomString(rng, 20), eventType: randomString(rng, 10) },
      data: randomJson(rng, 3),
    };
    return { raw: JSON.stringify(frame), kind: 'event', messageId, outcome: 'none', reply: 'ack' };
  }

  otherCallback(): FuzzFrame {
    const { rng } = this;
    const messageId = this.#id();
    const topic = rng.pick([`${ROBOT_TOPIC}/`, ROBOT_TOPIC.toUpperCase(), '/v1.0/card/instances/callback', randomString(rng, 30), `${ROBOT_TOPIC}\u0000`]);
    const frame = this.#frame(messageId, JSON.stringify(groupText()), { headers: { messageId, topic } });
    return { raw: JSON.stringify(frame), kind: 'callback-other-topic', messageId, outcome: 'none', reply: 'ack' };
  }
}
