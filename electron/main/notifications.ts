import { Notification } from 'electron';
import type { PendingPairing } from '../core/access/pairing-store.js';
import type { PendingPermission } from '../core/agents/permission-broker.js';

/** Desktop notifications for what waits on the user; clicking one opens the page where it is answered. */
export class ApprovalNotifier {
  readonly #seenCodes = new Set<string>();
  /**
   * Notifications on screen, held until clicked or closed: one nobody references is garbage-collected, and then
   * its click does nothing although it still shows in the OS's notification centre.
   */
  readonly #showing = new Set<Notification>();

  constructor(private readonly openApprovals: () => void) {}

  pairingRequests(requests: Array<PendingPairing & { channel: string }>): void {
    for (const request of requests) {
      if (this.#seenCodes.has(request.code)) continue;
      this.#seenCodes.add(request.code);
      this.#show('New pairing request', `${request.nick} (${request.staffId}) wants to use ${request.channel}. Code ${request.code}.`);
    }
  }

  permission(request: PendingPermission & { channel: string }): void {
    this.#show('The agent asks for permission', `${request.channel}: ${request.title}${request.detail ? ` — ${request.detail}` : ''}`);
  }

  /** How many notifications are kept alive for their clicks. */
  get showing(): number {
    return this.#showing.size;
  }

  #show(title: string, body: string): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    const release = () => this.#showing.delete(notification);
    notification.on('click', () => {
      release();
      this.openApprovals();
    });
    notification.on('close', release);
    notification.on('failed', release);
    this.#showing.add(notification);
    notification.show();
  }
}
