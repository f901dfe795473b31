const KB = 1024;
const MB = 1024 * KB;

/** A size as people read it: whole MB, or KB below one MB. */
export const formatBytes = (bytes: number): string => (bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / KB)} KB`);
