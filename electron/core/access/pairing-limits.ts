/**
 * How many pairing requests may wait at once. Each person holds at most one (writing again finds the same code), and
 * a group at most a few, so a handful of strangers, or one busy group, can no longer fill the queue for everyone; what
 * the limits refuse is listed for the operator, who can let those people in or clear the list.
 */
export const MAX_PENDING = 20;
export const MAX_PENDING_PER_CONVERSATION = 3;
/** The newest refused requests kept for the operator to see, one per person. */
export const MAX_REFUSED = 100;
/** How long a code stays valid. */
export const PAIRING_TTL_MS = 60 * 60_000;
/** A code (or the notice that the queue is full) is sent to the same person at most this often, however often they write. */
export const CODE_RESEND_MS = 10 * 60_000;
