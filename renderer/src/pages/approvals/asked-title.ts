/**
 * The title an agent gave a permission request, unless it only repeats what the tool would run: agents often title a
 * shell call with the command itself, which the command's box already shows whole.
 */
export function titleBesides(title: string, detail: string | undefined): string | undefined {
  return detail !== undefined && title.trim() === detail.trim() ? undefined : title;
}
