import { z } from 'zod';

/** A card template DingTalk publishes for everyone, streaming its text into `msgContent`. */
export const PUBLIC_CARD_TEMPLATE = '382e4302-551d-4880-bf29-a30acfab2e71.schema';

/**
 * How answers stream into an AI card: the template, the key of it the text streams into, and how often a new frame
 * may go out. Every frame is one billed DingTalk API call, so the interval is what a streamed answer costs.
 */
export const CardSettingsSchema = z.object({
  templateId: z
    .string({ error: 'must be a card template id' })
    .trim()
    .refine((id) => /^[\w-]+\.schema$/.test(id), {
      message: `is not a card template id: it ends in .schema, like ${PUBLIC_CARD_TEMPLATE}`,
      params: { code: 'bad_template' },
    })
    .default(PUBLIC_CARD_TEMPLATE),
  contentKey: z.string({ error: 'must be the name of the template key the answer streams into' }).trim().min(1, 'must not be empty').default('msgContent'),
  intervalMs: z
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(300, 'must be at least 300 ms: DingTalk refuses cards that update faster')
    .max(10_000, 'must be at most 10000 ms, or the card hardly streams')
    .default(1_000),
});

export type CardSettings = z.output<typeof CardSettingsSchema>;
