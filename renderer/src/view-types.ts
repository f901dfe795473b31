import type { InvokeOutput } from '../../electron/contract/contract';
import type { ContractErrorShape } from '../../electron/contract/errors';

/** The shapes the pages work with, straight from the contract. */
export type ChannelView = InvokeOutput<'channels.get'>;
export type PairingView = InvokeOutput<'pairing.list'>['pending'][number];
export type ApprovedView = InvokeOutput<'pairing.list'>['approved'][number];
export type RefusedView = InvokeOutput<'pairing.list'>['refused'][number];
export type PermissionView = InvokeOutput<'permissions.list'>[number];
export type RememberedApprovalView = InvokeOutput<'permissions.remembered'>[number];
export type SessionView = InvokeOutput<'sessions.list'>[number];
export type LogEvent = InvokeOutput<'log.query'>[number];
export type DetectedAgent = InvokeOutput<'agents.detect'>[number];
export type AppSettings = InvokeOutput<'settings.get'>;
export type AppStatus = InvokeOutput<'app.status'>;
export type ConnectionCheck = InvokeOutput<'channels.test'>;
export type ImportNote = InvokeOutput<'channels.import'>['notes'][number];
/** Why an agent, DingTalk or a channel failed, as codes with their values, for the window to word. */
export type AgentProblem = NonNullable<DetectedAgent['problem']>;
export type ConnectionProblem = NonNullable<ConnectionCheck['steps'][number]['problem']>;
export type ChannelProblem = NonNullable<ChannelView['problem']>;
/** How to install an agent, and why a call was refused or failed, as codes with their values. */
export type InstallHint = NonNullable<DetectedAgent['installHint']>;
export type ErrorReason = NonNullable<ContractErrorShape['reason']>;
export type Page = 'channels' | 'simulator' | 'log' | 'approvals' | 'sessions' | 'settings';
