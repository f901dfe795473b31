import { z } from 'zod';
import type { Logger } from '../base/logger.js';
import { BatchWriter } from '../base/batch-writer.js';
import { readStateFile } from '../base/state-file.js';
import { newPairingCode } from './pairing-code.js';
import { ApprovedSchema, PendingSchema, RefusedSchema } from './pairing-schema.js';
import { CODE_RESEND_MS, MAX_PENDING, MAX_PENDING_PER_CONVERSATION, MAX_REFUSED, PAIRING_TTL_MS } from './pairing-limits.js';
import { ReasonedError } from '../base/error-reason.js';
import type { ConversationType } from '../chat/conversation-type.js';

const DeniedSchema = z.object({ staffId: z.string(), nick: z.string(), deniedAt: z.number() });
const RevokedSchema = z.object({ staffId: z.string(), nick: z.string(), revokedAt: z.number() });

const PairingFileSchema = z.object({
  version: z.literal(1),
  pending: z.array(PendingSchema),
  approved: z.array(ApprovedSchema),
  denied: z.array(DeniedSchema),
  revoked: z.array(RevokedSchema),
  /** Absent in files from before requests were limited per person and per group. */
  refused: z.array(RefusedSchema).default([]),
});

export type PendingPairing = z.infer<typeof PendingSchema>;
export type ApprovedUser = z.infer<typeof ApprovedSchema>;
export type DeniedUser = z.infer<typeof DeniedSchema>;
export type RefusedPairing = z.infer<typeof RefusedSchema>;
type PairingFile = z.infer<typeof PairingFileSchema>;

export type PairingAsk =
  | { status: 'pending'; request: PendingPairing; isNew: boolean; sendCode: boolean }
  | { status: 'full'; limit: RefusedPairing['limit']; sendNotice: boolean }
  | { status: 'denied' };

/** A pairing request or approved person the store does not have. */
export class PairingError extends ReasonedError {}

/**
 * A channel's pairing state, persisted: codes waiting for the operator, people approved (with nick and time),
 * people denied, and revocations. Approval is only ever called from the app or the CLI.
 */
export class PairingStore {
  #data: PairingFile = { version: 1, pending: [], approved: [], denied: [], revoked: [], refused: [] };
  readonly #writer: BatchWriter<null> | undefined;
  readonly #fullNoticeSentAt = new Map<string, number>();

  private constructor(
    file: string | undefined,
    logger: Logger,
    private readonly now: () => number,
  ) {
    this.#writer =
      file === undefined
        ? undefined
        : BatchWriter.snapshot(
            file,
            () => JSON.stringify(this.#data, null, 2),
            (error) => logger.error('Could not save the pairing state', { file, error: String(error) }),
          );
  }

  static async open(file: string | undefined, logger: Logger, now: () => number = Date.now): Promise<PairingStore> {
    const store = new PairingStore(file, logger, now);
    if (file) {
      const saved = await readStateFile(file, PairingFileSchema, (error) =>
        logger.error('The pairing file could not be read; approvals in it are not used', { file, error }),
      );
      if (saved) store.#data = saved;
    }
    return store;
  }

  isApproved(staffId: string): boolean {
    return this.#data.approved.some((user) => user.staffId === staffId);
  }

  isDenied(staffId: string): boolean {
    return this.#data.denied.some((user) => user.staffId === staffId);
  }

  pending(): PendingPairing[] {
    this.#purge();
    return [...this.#data.pending];
  }

  approved(): ApprovedUser[] {
    return [...this.#data.approved];
  }

  denied(): DeniedUser[] {
    return [...this.#data.denied];
  }

  /** People whose request a limit refused, newest first. */
  refused(): RefusedPairing[] {
    return [...this.#data.refused].sort((a, b) => b.lastAt - a.lastAt);
  }

  /** Someone unknown wrote to the bot: their pending request, a new one, or why there is none. */
  ask(sender: { staffId: string; nick: string }, conversation: { id: string; type: ConversationType }, message: PendingPairing['message']): PairingAsk {
    if (this.isDenied(sender.staffId)) return { status: 'denied' };
    this.#purge();
    const now = this.now();
    const existing = this.#data.pending.find((request) => request.staffId === sender.staffId);
    if (existing) {
      const sendCode = conversation.type === 'dm' && (existing.codeSentAt === undefined || now - existing.codeSentAt >= CODE_RESEND_MS);
      if (sendCode) {
        existing.codeSentAt = now;
        this.#save();
      }
      return { status: 'pending', request: { ...existing }, isNew: false, sendCode };
    }
    const limit = this.#limitReached(conversation.id);
    if (limit) {
      this.#refuse(sender, conversation, limit);
      const last = this.#fullNoticeSentAt.get(sender.staffId);
      const sendNotice = conversation.type === 'dm' && (last === undefined || now - last >= CODE_RESEND_MS);
      if (sendNotice) this.#fullNoticeSentAt.set(sender.staffId, now);
      return { status: 'full', limit, sendNotice };
    }
    const codes = new Set(this.#data.pending.map((request) => request.code));
    let code = newPairingCode();
    while (codes.has(code)) code = newPairingCode();
    const request: PendingPairing = {
      code,
      staffId: sender.staffId,
      nick: sender.nick,
      conversationId: conversation.id,
      conversationType: conversation.type,
      createdAt: now,
      expiresAt: now + PAIRING_TTL_MS,
      ...(conversation.type === 'dm' ? { codeSentAt: now } : {}),
      ...(message ? { message } : {}),
    };
    this.#data.pending.push(request);
    this.#forgetRefused(sender.staffId);
    this.#save();
    return { status: 'pending', request: { ...request }, isNew: true, sendCode: conversation.type === 'dm' };
  }

  /** Clears one person's refused request from the list, or all of them; false when there was none to clear. */
  clearRefused(staffId?: string): boolean {
    const before = this.#data.refused.length;
    this.#data.refused = staffId === undefined ? [] : this.#data.refused.filter((entry) => entry.staffId !== staffId);
    if (this.#data.refused.length === before) return false;
    this.#save();
    return true;
  }

  /** Approves a pending code (any case); the request, with the message to answer, comes back. */
  approve(code: string): PendingPairing {
    const request = this.#take(code);
    this.#grant(request.staffId, request.nick, 'pairing');
    return request;
  }

  deny(code: string): PendingPairing {
    const request = this.#take(code);
    this.#data.denied = this.#data.denied.filter((user) => user.staffId !== request.staffId);
    this.#data.denied.push({ staffId: request.staffId, nick: request.nick, deniedAt: this.now() });
    this.#save();
    return request;
  }

  /** Lets someone in from the app directly (e.g. "allow this sender" in the log), lifting a denial. */
  allow(staffId: string, nick: string): ApprovedUser {
    this.#data.pending = this.#data.pending.filter((request) => request.staffId !== staffId);
    return this.#grant(staffId, nick, 'app');
  }

  revoke(staffId: string): ApprovedUser {
    const user = this.#data.approved.find((candidate) => candidate.staffId === staffId);
    if (!user) throw new PairingError({ code: 'not-approved', staffId });
    this.#data.approved = this.#data.approved.filter((candidate) => candidate.staffId !== staffId);
    this.#data.revoked.push({ staffId, nick: user.nick, revokedAt: this.now() });
    this.#save();
    return user;
  }

  async flush(): Promise<void> {
    await this.#writer?.flush();
  }

  /** Which limit a new request from this conversation would pass, if any. */
  #limitReached(conversationId: string): RefusedPairing['limit'] | undefined {
    if (this.#data.pending.length >= MAX_PENDING) return 'channel';
    const fromHere = this.#data.pending.filter((request) => request.conversationId === conversationId).length;
    return fromHere >= MAX_PENDING_PER_CONVERSATION ? 'conversation' : undefined;
  }

  /** Keeps the person's latest refused try (one entry each, the newest `MAX_REFUSED`), for the operator to see. */
  #refuse(sender: { staffId: string; nick: string }, conversation: { id: string; type: ConversationType }, limit: RefusedPairing['limit']): void {
    const now = this.now();
    const earlier = this.#data.refused.find((entry) => entry.staffId === sender.staffId);
    const entry: RefusedPairing = {
      staffId: sender.staffId,
      nick: sender.nick,
      conversationId: conversation.id,
      conversationType: conversation.type,
      limit,
      firstAt: earlier?.firstAt ?? now,
      lastAt: now,
      count: (earlier?.count ?? 0) + 1,
    };
    const others = this.#data.refused.filter((candidate) => candidate !== earlier);
    this.#data.refused = [...others, entry].sort((a, b) => a.lastAt - b.lastAt).slice(-MAX_REFUSED);
    this.#save();
  }

  #forgetRefused(staffId: string): void {
    this.#data.refused = this.#data.refused.filter((entry) => entry.staffId !== staffId);
  }

  #grant(staffId: string, nick: string, via: ApprovedUser['via']): ApprovedUser {
    this.#forgetRefused(staffId);
    this.#data.denied = this.#data.denied.filter((user) => user.staffId !== staffId);
    this.#data.approved = this.#data.approved.filter((user) => user.staffId !== staffId);
    const user: ApprovedUser = { staffId, nick, approvedAt: this.now(), via };
    this.#data.approved.push(user);
    this.#save();
    return user;
  }

  #take(code: string): PendingPairing {
    this.#purge();
    const wanted = code.trim().toUpperCase();
    const request = this.#data.pending.find((candidate) => candidate.code === wanted);
    if (!request) throw new PairingError({ code: 'no-pairing-request', pairingCode: wanted });
    this.#data.pending = this.#data.pending.filter((candidate) => candidate !== request);
    return request;
  }

  #purge(): void {
    const now = this.now();
    const before = this.#data.pending.length;
    this.#data.pending = this.#data.pending.filter((request) => request.expiresAt > now);
    if (this.#data.pending.length !== before) this.#save();
  }

  #save(): void {
    this.#writer?.add(null);
  }
}
