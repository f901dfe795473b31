import type { Messages } from '../../i18n/en';
import type { LogEvent } from '../../view-types';
import type { Story } from './log-stories';
import { detailLines, storyDetails, storySteps, type DetailText } from './story-details';

/** What the log's list draws: a row per story and, under an opened one, its steps and its long texts. */
export type LogItem = Story | { type: 'step'; key: string; event: LogEvent } | { type: 'detail'; key: string; texts: readonly DetailText[] };

const DETAIL_LINE_PX = 18;
const DETAIL_PADDING_PX = 20;
const DETAIL_MAX_LINES = 14;
const NONE: Array<readonly [number, number]> = [];

/** A row opens when it has more to show than its line: a message always does. */
export const openable = (story: Story, m: Messages): boolean => story.type === 'message' || storyDetails(story, m).length > 0;

/**
 * The stories as list items, with the opened ones' steps and details after them, and the extra height each
 * detail needs. With nothing opened the list is the stories themselves: 100,000 rows cost no copy per event.
 */
export function logItems(stories: readonly Story[], opened: ReadonlySet<string>, rowHeight: number, m: Messages): { items: readonly LogItem[]; tallRows: ReadonlyArray<readonly [number, number]> } {
  if (!opened.size) return { items: stories, tallRows: NONE };
  const items: LogItem[] = [];
  const tallRows: Array<readonly [number, number]> = [];
  for (const story of stories) {
    items.push(story);
    if (!opened.has(story.key)) continue;
    for (const step of storySteps(story)) items.push({ type: 'step', key: `${story.key}/${step.id}`, event: step });
    const texts = storyDetails(story, m);
    if (!texts.length) continue;
    const height = Math.min(DETAIL_MAX_LINES, detailLines(texts)) * DETAIL_LINE_PX + DETAIL_PADDING_PX;
    tallRows.push([items.length, Math.max(0, height - rowHeight)]);
    items.push({ type: 'detail', key: `${story.key}/detail`, texts });
  }
  return { items, tallRows };
}
