import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../base/logger.js';
import { BatchWriter } from '../base/batch-writer.js';
import { readStateFile } from '../base/state-file.js';
import { RememberedApprovalSchema, type RememberedApproval } from './permission-schema.js';
import { ReasonedError } from '../base/error-reason.js';

const RememberedFileSchema = z.object({ version: z.literal(1), approvals: z.array(RememberedApprovalSchema) });

/** A remembered approval that is not (or no longer) there. */
export class ApprovalError extends ReasonedError {}

/**
 * A channel's "always" answers, kept on disk (written whole each time, readable only by its owner) so they
 * survive a restart, and revocable from the window.
 */
export class RememberedApprovals {
  readonly #approvals = new Map<string, RememberedApproval>();
  readonly #writer: BatchWriter<null> | undefined;

  private constructor(file: string | undefined, logger: Logger) {
    this.#writer =
      file === undefined
        ? undefined
        : BatchWriter.snapshot(
            file,
            () => JSON.stringify({ version: 1, approvals: [...this.#approvals.values()] }, null, 2),
            (error) => logger.error('Could not save the remembered approvals', { file, error: String(error) }),
          );
  }

  /** Without a file, the approvals last as long as the process. */
  static async open(file: string | undefined, logger: Logger): Promise<RememberedApprovals> {
    const store = new RememberedApprovals(file, logger);
    if (file) {
      const saved = await readStateFile(file, RememberedFileSchema, (error) =>
        logger.error('The remembered approvals could not be read; every command is asked again', { file, error }),
      );
      for (const approval of saved?.approvals ?? []) store.#approvals.set(approval.id, approval);
    }
    return store;
  }

  /** Oldest first. */
  list(): RememberedApproval[] {
    return [...this.#approvals.values()];
  }

  /** The approval that covers a command with this fingerprint, counted as used; undefined when none does. */
  use(fingerprint: string, now = Date.now()): RememberedApproval | undefined {
    const approval = this.#find(fingerprint);
    if (!approval) return undefined;
    approval.uses += 1;
    approval.lastUsedAt = now;
    this.#save();
    return approval;
  }

  remember(entry: Pick<RememberedApproval, 'fingerprint' | 'title' | 'kind' | 'detail' | 'allowedBy'>, now = Date.now()): RememberedApproval {
    const known = this.#find(entry.fingerprint);
    if (known) return known;
    const approval: RememberedApproval = { id: randomUUID(), ...entry, allowedAt: now, uses: 0 };
    this.#approvals.set(approval.id, approval);
    this.#save();
    return approval;
  }

  revoke(id: string): RememberedApproval {
    const approval = this.#approvals.get(id);
    if (!approval) throw new ApprovalError({ code: 'approval-gone' });
    this.#approvals.delete(id);
    this.#save();
    return approval;
  }

  async flush(): Promise<void> {
    await this.#writer?.flush();
  }

  #find(fingerprint: string): RememberedApproval | undefined {
    return [...this.#approvals.values()].find((approval) => approval.fingerprint === fingerprint);
  }

  #save(): void {
    this.#writer?.add(null);
  }
}
