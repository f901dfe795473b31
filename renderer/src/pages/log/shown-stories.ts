import type { LogEvent } from '../../view-types';
import { eventsOf, firstAtOrAfter, headOf, indexOfSeq, type Story, type StoryBook } from './log-stories';

/** The rows that pass the page's filters, and how far into the book's changes they are. */
export interface ShownStories {
  /** The filters, as one string to compare. */
  key: string;
  generation: number;
  /** How many of the book's changes this has taken. */
  taken: number;
  stories: readonly Story[];
  /** What each event's test gave, so a row that grows tests only its new events. */
  tests: WeakMap<LogEvent, boolean>;
}

/**
 * What a row must match: its place (channel, conversation, sender), read from the event the row is about,
 * since a message's later events may leave those out; and any one of its events (kind, words).
 */
export interface StoryTest {
  place(head: LogEvent): boolean;
  event(event: LogEvent): boolean;
}

/**
 * The book's rows that pass `test`. When the filters and the rows'
 * generation are the same as last time, only the rows changed since are looked at: with a search typed in, a
 * new event costs one test instead of 100,000, each of which reads the whole event.
 */
export function showStories(previous: ShownStories | undefined, key: string, book: StoryBook, test: StoryTest): ShownStories {
  const taken = book.changesBefore + book.changes.length;
  if (!previous || previous.key !== key || previous.generation !== book.generation || previous.taken < book.changesBefore) {
    const tests = new WeakMap<LogEvent, boolean>();
    return { key, generation: book.generation, taken, tests, stories: book.rows.filter((story) => passes(story, test, tests)) };
  }
  if (previous.taken === taken) return previous;
  const stories = previous.stories.slice();
  for (const change of book.changes.slice(previous.taken - book.changesBefore)) {
    if (change.removed) {
      const index = indexOfSeq(stories, change.removed.seq);
      if (index >= 0) stories.splice(index, 1);
    }
    if (change.added && passes(change.added, test, previous.tests)) stories.splice(firstAtOrAfter(stories, change.added.seq), 0, change.added);
  }
  return { ...previous, taken, stories };
}

function passes(story: Story, test: StoryTest, tests: WeakMap<LogEvent, boolean>): boolean {
  if (!test.place(headOf(story))) return false;
  return eventsOf(story).some((event) => {
    let passed = tests.get(event);
    if (passed === undefined) {
      passed = test.event(event);
      tests.set(event, passed);
    }
    return passed;
  });
}
