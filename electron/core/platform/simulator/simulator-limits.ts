/**
 * How large a simulator message may be. The window refuses a bigger file before it reads it, the engine checks
 * again, and the daemon's WebSocket is sized from these, so that a message the simulator takes never closes the
 * window's link instead of arriving.
 */

/** The largest file a simulator message carries. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** The same limit as people write it, for the messages that name it. */
export const ATTACHMENT_MAX_LABEL = `${ATTACHMENT_MAX_BYTES / (1024 * 1024)} MB`;

export const TEXT_MAX_CHARS = 1_000_000;

/** A picture's thumbnail is small enough to travel with every transcript. */
export const THUMBNAIL_MAX_CHARS = 300_000;

/** A file name, a MIME type, a person's staffId or name, the id of a quoted message. */
export const NAME_MAX_CHARS = 1_000;
const NAMES_IN_A_MESSAGE = 5;

/** Base64 writes every 3 bytes as 4 characters. */
export const base64Chars = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/** The number of bytes base64 text stands for, from its length and padding. */
export const base64Bytes = (text: string): number => Math.floor((text.length * 3) / 4) - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);

// JSON writes a character in at most 6 bytes: a control character or an unpaired surrogate as \uXXXX.
const JSON_MAX_BYTES_PER_CHAR = 6;
// The field names, the request's id and operation, the channel's name (at most 64 characters) and the flags.
const ENVELOPE_BYTES = 4 * 1024;

/** The largest `simulator.send` request as JSON: the file in base64, the thumbnail, and every other string at its worst. */
export const SIMULATOR_MESSAGE_MAX_BYTES =
  base64Chars(ATTACHMENT_MAX_BYTES) + THUMBNAIL_MAX_CHARS + JSON_MAX_BYTES_PER_CHAR * (TEXT_MAX_CHARS + NAMES_IN_A_MESSAGE * NAME_MAX_CHARS) + ENVELOPE_BYTES;
