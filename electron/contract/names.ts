/**
 * The names of the contract's operations and events, as plain data: the preload needs only these, not the
 * schemas, and `contract.ts` is checked against them by the compiler.
 */
export const INVOKE_NAMES = [
  'app.status',
  'channels.list',
  'channels.get',
  'channels.save',
  'channels.remove',
  'channels.start',
  'channels.stop',
  'channels.test',
  'channels.send',
  'channels.import',
  'agents.detect',
  'folders.create',
  'sessions.list',
  'sessions.cancel',
  'sessions.clear',
  'pairing.list',
  'pairing.approve',
  'pairing.deny',
  'pairing.revoke',
  'pairing.allow',
  'pairing.clearRefused',
  'permissions.list',
  'permissions.answer',
  'permissions.remembered',
  'permissions.revoke',
  'log.query',
  'log.export',
  'settings.get',
  'settings.set',
  'simulator.send',
  'simulator.transcript',
  'simulator.clickCard',
  'simulator.file',
] as const;

export const EVENT_NAMES = [
  'log.appended',
  'channel.changed',
  'pairing.changed',
  'permission.requested',
  'permission.answered',
  'session.changed',
  'app.status',
  'app.navigate',
  'simulator.changed',
] as const;

export type InvokeName = (typeof INVOKE_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];
