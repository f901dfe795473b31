/**
 * Passes on only the stdout lines that can be JSON-RPC (they start with `{`) and reports the rest: banners and
 * debug prints from an agent would otherwise each cost a parse-error round trip and vanish unexplained.
 */
export function jsonLinesOnly(onGarbage: (line: string) => void): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  const route = (line: string, controller: TransformStreamDefaultController<Uint8Array>) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    if (trimmed.startsWith('{')) controller.enqueue(encoder.encode(`${line}\n`));
    else onGarbage(trimmed.length > 400 ? `${trimmed.slice(0, 400)}…` : trimmed);
  };
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        route(pending.slice(0, newline), controller);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    },
    flush(controller) {
      route(pending + decoder.decode(), controller);
    },
  });
}
