/**
 * The title an agent gave a permission request, unless it only repeats what the tool would run: agents often title a
 * shell call with the command itself, which the command's box already shows whole.
 */
export function titleBesides(title: string, detail: string | undefined): string | undefined {
  return detail !== undefined && title.trim() === detail.trim() ? undefined : title;
}

/** A command on one line, cut to `max` characters and marked "…" when longer: for lists, where the whole is a hover away. */
export function shortened(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
