import { z } from 'zod';
import type { Logger } from '../../base/logger.js';
import { BatchWriter } from '../../base/batch-writer.js';
import { readStateFile } from '../../base/state-file.js';
import { TypedEmitter } from '../../base/typed-emitter.js';
import type { ApiCallCount } from '../chat-platform.js';

const UsageFileSchema = z.object({
  month: z.string(),
  monthCalls: z.number().int().nonnegative(),
  day: z.string(),
  dayCalls: z.number().int().nonnegative(),
});
type UsageFile = z.infer<typeof UsageFileSchema>;

/** DingTalk's days and months are China's: UTC+8, all year. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const dayOf = (at: number) => new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** Written at most this often: a count a crash takes back a second of is still the count that matters. */
const WRITE_INTERVAL_MS = 1_000;

/**
 * The Open API calls one DingTalk app has made today and this month, as DingTalk counts them against its quota
 * (the free tier has about 5,000 a month), kept on disk so a restart does not start again from nought.
 */
export class ApiUsage extends TypedEmitter<{ changed: [] }> {
  #usage: UsageFile;
  readonly #writer: BatchWriter<null> | undefined;

  private constructor(
    file: string | undefined,
    usage: UsageFile | undefined,
    logger: Logger,
    private readonly now: () => number,
  ) {
    super();
    const today = dayOf(now());
    this.#usage = usage ?? { month: today.slice(0, 7), monthCalls: 0, day: today, dayCalls: 0 };
    this.#writer = file
      ? BatchWriter.snapshot(file, () => `${JSON.stringify(this.#usage)}\n`, (error) => logger.warn('Could not save the count of DingTalk API calls', { file, error: String(error) }), WRITE_INTERVAL_MS)
      : undefined;
  }

  static async open(file: string | undefined, logger: Logger, now: () => number = Date.now): Promise<ApiUsage> {
    const usage = file ? await readStateFile(file, UsageFileSchema, (detail) => logger.warn('The count of DingTalk API calls could not be read; counting from nought', { file, detail })) : undefined;
    return new ApiUsage(file, usage, logger, now);
  }

  get calls(): ApiCallCount {
    this.#roll();
    return { today: this.#usage.dayCalls, thisMonth: this.#usage.monthCalls };
  }

  /** One more call. */
  counted(): void {
    this.#roll();
    this.#usage.dayCalls += 1;
    this.#usage.monthCalls += 1;
    this.#writer?.add(null);
    this.emit('changed');
  }

  flush(): Promise<void> {
    return this.#writer?.flush() ?? Promise.resolve();
  }

  /** A new day, or month, starts counting from nought. */
  #roll(): void {
    const today = dayOf(this.now());
    if (today === this.#usage.day) return;
    const month = today.slice(0, 7);
    this.#usage = { month, monthCalls: month === this.#usage.month ? this.#usage.monthCalls : 0, day: today, dayCalls: 0 };
  }
}

const usages = new Map<string, Promise<ApiUsage>>();

/** The count kept in `file`: every channel of the app in this process counts into the same one. */
export function apiUsageOf(file: string, logger: Logger): Promise<ApiUsage> {
  let usage = usages.get(file);
  if (!usage) {
    usage = ApiUsage.open(file, logger);
    usages.set(file, usage);
  }
  return usage;
}
