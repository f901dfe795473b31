import type * as acp from '@agentclientprotocol/sdk';

/**
 * Gathers one turn's stream of updates: the answer text, split at tool calls so that only the last thing the
 * agent said is the final answer, and one short line per tool call for progress.
 */
export class TurnCollector {
  readonly #segments: string[] = [''];
  readonly #tools = new Map<string, string>();

  constructor(private readonly onProgress: (line: string) => void) {}

  add(update: acp.SessionUpdate): void {
    switch (update.sessionUpdate) {
      case 'agent_message_chunk':
        if (update.content.type === 'text') this.#segments[this.#segments.length - 1] += update.content.text;
        break;
      case 'tool_call': {
        const title = update.title || update.kind || 'a tool';
        this.#tools.set(update.toolCallId, title);
        if (this.#segments.at(-1)?.trim()) this.#segments.push('');
        this.onProgress(`🔧 ${title}`);
        break;
      }
      case 'tool_call_update':
        if (update.status === 'failed') this.onProgress(`⚠️ ${update.title ?? this.#tools.get(update.toolCallId) ?? 'a tool'} failed`);
        break;
      default:
        break;
    }
  }

  /** The last non-empty stretch of text: what the agent concluded after its last tool call. */
  get answer(): string {
    for (let i = this.#segments.length - 1; i >= 0; i--) {
      const text = this.#segments[i]?.trim();
      if (text) return text;
    }
    return '';
  }

  get toolCalls(): number {
    return this.#tools.size;
  }
}
