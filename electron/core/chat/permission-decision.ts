import { z } from 'zod';

/** An answer to an agent's permission request, from whichever side gives it: the window, the chat, the CLI. */
export const PermissionDecisionSchema = z.enum(['allow_once', 'allow_always', 'deny']);
export type PermissionDecision = z.infer<typeof PermissionDecisionSchema>;
