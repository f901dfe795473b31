import { z } from 'zod';

export const UploadTypeSchema = z.enum(['image', 'voice', 'video', 'file']);
export type UploadType = z.infer<typeof UploadTypeSchema>;

const MB = 1024 * 1024;

/**
 * What `media/upload` takes of each type: the extensions, each with the MIME type the stand-in keeps for it, and the
 * most bytes. The MIME type comes from the extension because DingTalk judges a file by its name, not by what the
 * client's part header claims.
 */
export const UPLOAD_RULES: Record<UploadType, { maxBytes: number; extensions: Record<string, string> }> = {
  image: { maxBytes: 20 * MB, extensions: { jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', png: 'image/png', bmp: 'image/bmp' } },
  voice: { maxBytes: 2 * MB, extensions: { amr: 'audio/amr', mp3: 'audio/mpeg', wav: 'audio/wav' } },
  video: { maxBytes: 20 * MB, extensions: { mp4: 'video/mp4' } },
  file: {
    maxBytes: 20 * MB,
    extensions: {
      doc: 'application/msword',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xls: 'application/vnd.ms-excel',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ppt: 'application/vnd.ms-powerpoint',
      pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      zip: 'application/zip',
      pdf: 'application/pdf',
      rar: 'application/vnd.rar',
    },
  },
};

/** The most any upload takes; a larger body is not kept whole, since it is refused whatever it holds. */
export const UPLOAD_MAX_BYTES = Math.max(...Object.values(UPLOAD_RULES).map((rule) => rule.maxBytes));

/** The lower-case extension of a file name, without the dot; empty when it has none. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** The MIME type of a file of this name when the type takes its extension; a name is anyone's, so only own keys count. */
export function mimeTypeFor(type: UploadType, fileName: string): string | undefined {
  const { extensions } = UPLOAD_RULES[type];
  const extension = extensionOf(fileName);
  return Object.hasOwn(extensions, extension) ? extensions[extension] : undefined;
}
