import { z } from 'zod';

const MB = 1024 * 1024;

/**
 * The largest file a person may send the bot, in MB: a bigger one is not saved and they are told why. Files are
 * written to disk as they arrive, so the limit is about disk and the download's time, not memory; above 1 GB even a
 * fast link would not finish within a download's time.
 */
export const MaxDownloadSchema = z
  .number({ error: 'must be a number of MB' })
  .int('must be a whole number of MB')
  .min(1, 'must be at least 1 MB')
  .max(1024, 'must be at most 1024 MB (1 GB)');

export const DEFAULT_MAX_DOWNLOAD_MB = 50;

export const megabytes = (mb: number): number => mb * MB;
