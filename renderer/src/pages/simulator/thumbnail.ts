import { THUMBNAIL_MAX_CHARS } from '../../../../electron/contract/window-shared';

/** Twice the largest size the chat shows, so the thumbnail stays sharp on a high-density screen. */
const SIDES = [480, 240];

/**
 * A small WebP (or PNG) of a picture, for the chat to show in place of its name; undefined when the picture
 * cannot be decoded here (not really a picture, or no canvas), and the chat shows the name instead.
 */
export async function thumbnailOf(file: Blob): Promise<string | undefined> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return undefined;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return undefined;
  }
  try {
    for (const side of SIDES) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      const context = canvas.getContext('2d');
      if (!context) return undefined;
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      // WebP keeps transparency at a fraction of PNG's size; a browser that cannot write it falls back to PNG.
      const url = canvas.toDataURL('image/webp', 0.82);
      if (url.length <= THUMBNAIL_MAX_CHARS && /^data:image\/(webp|png);base64,/.test(url)) return url;
    }
    return undefined;
  } finally {
    bitmap.close();
  }
}
