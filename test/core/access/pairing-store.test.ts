import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PairingError, PairingStore } from '../../../electron/core/access/pairing-store.js';
import { CODE_RESEND_MS, MAX_PENDING, MAX_PENDING_PER_CONVERSATION, PAIRING_TTL_MS } from '../../../electron/core/access/pairing-limits.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import type { ConversationType } from '../../../electron/core/chat/conversation-type.js';
import { dmEnvelope } from '../platform/dingtalk/envelopes.js';

const dm = (id = 'cidDm==') => ({ id, type: 'dm' as const });
const group = { id: 'cidGroup==', type: 'group' as const };
const person = (n: number) => ({ staffId: `staff${n}`, nick: `Person ${n}` });

function pendingCode(store: PairingStore, n: number, conversation: { id: string; type: ConversationType } = dm(`cid${n}==`)): string {
  const asked = store.ask(person(n), conversation, undefined);
  if (asked.status !== 'pending') throw new Error(`expected a pending request, got ${asked.status}`);
  return asked.request.code;
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('PairingStore', () => {
  it('gives one code per person, sent in a DM at most every ten minutes however often they write', async () => {
    let now = 1_000;
    const store = await PairingStore.open(undefined, silentLogger, () => now);
    const first = store.ask(person(1), dm(), undefined);
    expect(first).toMatchObject({ status: 'pending', isNew: true, sendCode: true });
    now += CODE_RESEND_MS - 1;
    const again = store.ask(person(1), dm(), undefined);
    expect(again).toMatchObject({ status: 'pending', isNew: false, sendCode: false });
    if (first.status !== 'pending' || again.status !== 'pending') throw new Error('expected pending requests');
    expect(again.request.code).toBe(first.request.code);
    now += 1;
    expect(store.ask(person(1), dm(), undefined)).toMatchObject({ status: 'pending', sendCode: true });
  });

  it('never sends a code into a group, where others would read it', async () => {
    const store = await PairingStore.open(undefined, silentLogger);
    expect(store.ask(person(1), group, undefined)).toMatchObject({ status: 'pending', isNew: true, sendCode: false });
  });

  it('approves a code in any case and with spaces around it, once', async () => {
    const store = await PairingStore.open(undefined, silentLogger);
    const code = pendingCode(store, 1);
    expect(store.approve(` ${code.toLowerCase()} `)).toMatchObject({ staffId: 'staff1', nick: 'Person 1' });
    expect(store.isApproved('staff1')).toBe(true);
    expect(() => store.approve(code)).toThrow(PairingError);
  });

  it('lets a code run out after an hour', async () => {
    let now = 1_000;
    const store = await PairingStore.open(undefined, silentLogger, () => now);
    const code = pendingCode(store, 1);
    now += PAIRING_TTL_MS;
    expect(() => store.approve(code)).toThrow(PairingError);
    expect(store.isApproved('staff1')).toBe(false);
  });

  it('refuses new requests past the limits, per group and for the bot, and lists whom it refused', async () => {
    let now = 1_000;
    const store = await PairingStore.open(undefined, silentLogger, () => (now += 1));
    for (let n = 0; n < MAX_PENDING_PER_CONVERSATION; n++) pendingCode(store, n, group);
    expect(store.ask(person(100), group, undefined)).toMatchObject({ status: 'full', limit: 'conversation', sendNotice: false });
    for (let n = MAX_PENDING_PER_CONVERSATION; n < MAX_PENDING; n++) pendingCode(store, n);
    expect(store.ask(person(101), dm('cid101=='), undefined)).toMatchObject({ status: 'full', limit: 'channel', sendNotice: true });
    expect(store.refused().map((entry) => [entry.staffId, entry.limit])).toEqual([
      ['staff101', 'channel'],
      ['staff100', 'conversation'],
    ]);
  });

  it('keeps a denied person out until the operator lets them in from the app', async () => {
    const store = await PairingStore.open(undefined, silentLogger);
    store.deny(pendingCode(store, 1));
    expect(store.isDenied('staff1')).toBe(true);
    expect(store.ask(person(1), dm(), undefined)).toEqual({ status: 'denied' });
    store.allow('staff1', 'Person 1');
    expect(store.isDenied('staff1')).toBe(false);
    expect(store.isApproved('staff1')).toBe(true);
  });

  it('keeps approvals, denials and waiting codes across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dingbridge-pairing-'));
    dirs.push(dir);
    const file = join(dir, 'pairing.json');
    const store = await PairingStore.open(file, silentLogger);
    store.approve(pendingCode(store, 1));
    store.deny(pendingCode(store, 2));
    const waiting = pendingCode(store, 3);
    await store.flush();

    const reopened = await PairingStore.open(file, silentLogger);
    expect(reopened.isApproved('staff1')).toBe(true);
    expect(reopened.isDenied('staff2')).toBe(true);
    expect(reopened.approve(waiting)).toMatchObject({ staffId: 'staff3' });
    await reopened.flush();
  });

  it('keeps the message that asked whole across a restart, the platform’s own fields as they came', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dingbridge-pairing-'));
    dirs.push(dir);
    const file = join(dir, 'pairing.json');
    const message = { ...dmEnvelope('asked', 'hello?'), sender: { id: 'staff4', staffId: 'staff4', corpId: 'corpA', nick: 'Person 4' }, attachments: [{ kind: 'file' as const, downloadCode: 'code-9', fileName: 'plan.pdf' }] };
    const store = await PairingStore.open(file, silentLogger);
    const asked = store.ask(person(4), dm(), message);
    if (asked.status !== 'pending') throw new Error(`expected a pending request, got ${asked.status}`);
    await store.flush();
    const approved = (await PairingStore.open(file, silentLogger)).approve(asked.request.code);
    expect(approved.message).toEqual(message);
  });
});
