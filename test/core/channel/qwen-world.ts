import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { startWorld, type World } from './service-harness.js';
import type { ChannelSetOptions } from '../../../electron/core/engine/channel-set.js';
import { tempDir } from '../platform/dingtalk/harness.js';
import { FakeLlm, type ChatMessage, type Responder } from '../../fakes/openai-llm/fake-llm.js';
import { installQwenCode } from '../../tools/qwen-code.js';

// The end-to-end tests that run the real Qwen Code as a channel's agent share this, so that they launch it alike:
// talking to a fake OpenAI-compatible model each test scripts, in a home of its own, so that the settings and
// memory of the machine's user reach neither Qwen Code nor the test.

/** Every final answer of the scripted models ends with this word, so a test knows the turn is over. */
export const DONE = 'Finished.';
/** Qwen Code starts slowly, and more so on a loaded machine: a turn (start included) is given this long. */
export const TURN_MS = 120_000;

let qwen: string;
// Installed into the test-tools cache on the first run (CI installs it ahead): a download, so a generous bound.
beforeAll(async () => {
  qwen = await installQwenCode();
}, 600_000);

const models: FakeLlm[] = [];
afterEach(async () => {
  await Promise.all(models.splice(0).map((llm) => llm.stop()));
});

export interface QwenWorld extends World {
  llm: FakeLlm;
  /** What the model was missing: a tool it was told to call and Qwen Code did not offer it. */
  missing: string[];
}

/** The messages of the turn a request belongs to: those after the last user message (tool calls and their results). */
export const thisTurn = (messages: ChatMessage[]): ChatMessage[] => messages.slice(messages.findLastIndex((message) => message.role === 'user') + 1);

/**
 * A service running one channel whose agent is the real Qwen Code, its model answering as `model` scripts it (told
 * where to note a tool it was not offered). `settings` are the user's own, for Qwen Code's `$QWEN_HOME/settings.json`.
 */
export async function startQwenWorld(
  model: (missing: string[]) => Responder,
  channel: Record<string, unknown>,
  options: { settings?: Record<string, unknown>; filesTool?: ChannelSetOptions['filesTool'] } = {},
): Promise<QwenWorld> {
  const llm = new FakeLlm();
  await llm.start();
  models.push(llm);
  const missing: string[] = [];
  llm.responder = model(missing);
  const home = await tempDir();
  if (options.settings) await writeFile(join(home, 'settings.json'), JSON.stringify(options.settings));
  const agent = {
    preset: 'qwen',
    command: qwen,
    args: ['--auth-type', 'openai'],
    env: { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'fake-key', OPENAI_MODEL: 'fake-model', QWEN_HOME: home, HOME: home },
  };
  const world = await startWorld({ agent, ...channel }, { filesTool: options.filesTool });
  return Object.assign(world, { llm, missing });
}
