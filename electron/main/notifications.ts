import { Notification } from 'electron';
import type { PendingPairing } from '../core/access/pairing-store.js';
import type { PendingPermission } from '../core/agents/permission-broker.js';
import { cutMarked } from '../core/agents/permission-detail.js';
import { notificationWords } from '../core/desktop/notification-words.js';
import type { Language } from '../core/base/language.js';

/** About what the systems show of a notification's body without opening it. */
const NOTIFICATION_CHARS = 180;

/** Desktop notifications for what waits on the user; clicking one opens the page where it is answered. */
export class ApprovalNotifier {
  readonly #seenCodes = new Set<string>();
  /**
   * Notifications on screen, held until clicked or closed: one nobody references is garbage-collected, and then
   * its click does nothing although it still shows in the OS's notification centre.
   */
  readonly #showing = new Set<Notification>();

  constructor(
    private readonly openApprovals: () => void,
    /** Read at each notification: the language can change while the app runs. */
    private readonly language: () => Language = () => 'en',
  ) {}

  pairingRequests(requests: Array<PendingPairing & { channel: string }>): void {
    for (const request of requests) {
      if (this.#seenCodes.has(request.code)) continue;
      this.#seenCodes.add(request.code);
      const words = notificationWords(this.language());
      this.#show(words.pairingTitle, words.pairingBody(request.nick, request.staffId, request.channel, request.code));
    }
  }

  /** A command too long for the notification is cut, and says where to read it whole before answering. */
  permission(request: PendingPermission & { channel: string }): void {
    const words = notificationWords(this.language());
    const body = `${request.channel}: ${request.title}${request.detail ? ` — ${request.detail}` : ''}`;
    this.#show(words.permissionTitle, cutMarked(body, NOTIFICATION_CHARS, () => words.openToSee));
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
