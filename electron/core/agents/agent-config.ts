import { z } from 'zod';

export const AGENT_PRESET_IDS = ['qwen', 'claude', 'codex', 'gemini', 'goose', 'opencode', 'demo', 'custom'] as const;
export const AgentPresetIdSchema = z.enum(AGENT_PRESET_IDS);
export type AgentPresetId = z.infer<typeof AgentPresetIdSchema>;

/** Which coding agent a channel runs and how to launch it. */
export const AgentConfigSchema = z
  .object({
    preset: AgentPresetIdSchema.default('qwen'),
    /** Replaces the preset's command (a full path, a wrapper); required for `custom`. */
    command: z.string().trim().min(1, 'must not be empty').optional(),
    /** For `custom` the whole argument list; for a preset, arguments added after its own. */
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    /** The auth method to call `authenticate` with when the agent advertises several. */
    authMethod: z.string().trim().min(1).optional(),
  })
  .refine((agent) => agent.preset !== 'custom' || agent.command !== undefined, {
    message: 'a custom agent needs a command: the program that speaks the Agent Client Protocol on stdio',
    path: ['command'],
  });

export type AgentConfig = z.output<typeof AgentConfigSchema>;
