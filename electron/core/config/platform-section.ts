import { DINGTALK_SETTINGS } from './dingtalk-settings.js';
import { isRecord } from '../base/plain-object.js';

/**
 * Before channels had a `dingtalk` section, its settings were written at the channel's top level (as Qwen Code
 * writes them). Such a channel reads as if they were in the section, and is written back that way when next saved.
 * A setting written in both places stays where it is and is named in `twice`: read from the file, which one was
 * meant is the operator's call (saved from the window, it is the one the form showed). `moved` names the settings
 * that were moved, so a problem with one is said where the file has it.
 */
export function inPlatformSection(channel: unknown): { channel: unknown; twice: string[]; moved: string[] } {
  // A section written as null is none; one of another kind is left for the schema to refuse.
  if (!isRecord(channel) || (channel.dingtalk != null && !isRecord(channel.dingtalk))) return { channel, twice: [], moved: [] };
  // A key that holds nothing (possible from a call, never from a file) is not a setting written.
  const flat = DINGTALK_SETTINGS.filter((key) => channel[key] !== undefined && Object.hasOwn(channel, key));
  if (flat.length === 0) return { channel, twice: [], moved: [] };
  const rewritten: Record<string, unknown> = { ...channel };
  const section: Record<string, unknown> = { ...(channel.dingtalk as Record<string, unknown> | undefined) };
  const twice: string[] = [];
  for (const key of flat) {
    if (section[key] !== undefined) {
      twice.push(key);
      continue;
    }
    section[key] = channel[key];
    delete rewritten[key];
  }
  rewritten.dingtalk = section;
  return { channel: rewritten, twice, moved: flat.filter((key) => !twice.includes(key)) };
}
