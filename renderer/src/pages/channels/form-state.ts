import {
  ChannelConfigSchema,
  ChannelNameSchema,
  settingApplies,
  describeIssues,
  firstProblem,
  DEFAULT_INSTRUCTIONS,
  DEFAULT_ENDPOINTS,
  type ChannelType,
  type ChatLanguage,
  type DispatchMode,
  type GroupPolicy,
  type OutputMode,
  type PermissionMode,
  type ReplyStyle,
  type SenderPolicy,
  type SessionScope,
} from '../../../../electron/contract/window-shared';
import type { Messages } from '../../i18n/en';
import { agentEnvEntries, agentEnvSetting, agentEnvToCheck, type AgentEnvEntry } from './agent-env-form';


/** The channel form's fields, flat and as typed; `toSettings` turns them into the config shape. */
export interface FormState {
  name: string;
  /** Not editable: it decides which fields apply (a simulator has no AppKey, AppSecret or hosts). */
  type: ChannelType;
  enabled: boolean;
  clientId: string;
  /** Empty means "keep the stored one". */
  clientSecret: string;
  robotCode: string;
  preset: string;
  command: string;
  args: string;
  cwd: string;
  model: string;
  instructions: string;
  /** The agent's own variables (`agent.env`), write-only like the AppSecret. */
  env: AgentEnvEntry[];
  senderPolicy: SenderPolicy;
  allowedUsers: string[];
  groupPolicy: GroupPolicy;
  requireMentionDefault: boolean;
  /** A listed group's own choice; without one it goes by the default for all groups ("*"). */
  groups: Array<{ id: string; requireMention?: boolean }>;
  sessionScope: SessionScope;
  dispatchMode: DispatchMode;
  outputMode: OutputMode;
  replyStyle: ReplyStyle;
  /** The AI card's settings, each empty for its default. */
  cardTemplateId: string;
  cardContentKey: string;
  cardIntervalMs: string;
  /** The largest file people may send, in MB; empty for the default. */
  maxDownloadMB: string;
  chatLanguage: ChatLanguage;
  permissions: PermissionMode;
  approvers: string[];
  api: string;
  oapi: string;
  /** The proxy URL, empty for the environment's; `noProxy` for none even when the environment names one. */
  proxy: string;
  noProxy: boolean;
  /**
   * The settings the form was opened with. Those it has no field for (agent.authMethod, dingtalk.tables, timeouts…) are
   * written back as they were, so saving from the form never drops them.
   */
  stored: Record<string, unknown>;
}

/** A new channel: pairing by default, since a desktop user approves people with one click. */
export function emptyForm(preset = 'qwen'): FormState {
  return {
    name: '',
    type: 'dingtalk',
    enabled: true,
    clientId: '',
    clientSecret: '',
    robotCode: '',
    preset,
    command: '',
    args: '',
    // Chosen, never assumed: the home folder, the old default, gives the agent ~/.ssh and Dingbridge's secrets.
    cwd: '',
    model: '',
    instructions: DEFAULT_INSTRUCTIONS,
    env: [],
    senderPolicy: 'pairing',
    allowedUsers: [],
    groupPolicy: 'disabled',
    requireMentionDefault: true,
    groups: [],
    sessionScope: 'user',
    dispatchMode: 'steer',
    outputMode: 'final',
    replyStyle: 'markdown',
    cardTemplateId: '',
    cardContentKey: '',
    cardIntervalMs: '',
    maxDownloadMB: '',
    chatLanguage: 'both',
    permissions: 'ask',
    approvers: [],
    api: DEFAULT_ENDPOINTS.api,
    oapi: DEFAULT_ENDPOINTS.oapi,
    proxy: '',
    noProxy: false,
    stored: {},
  };
}

const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** The form for settings as stored (or as imported). */
export function fromSettings(name: string, settings: Record<string, unknown>): FormState {
  const base = emptyForm();
  const agent = record(settings.agent);
  const groups = record(settings.groups);
  const { clientSecret, ...dingtalk } = record(settings.dingtalk);
  const endpoints = record(dingtalk.endpoints);
  const card = record(dingtalk.card);
  const star = record(groups['*']);
  const stored = { ...settings, dingtalk };
  return {
    ...base,
    name,
    type: settings.type === 'simulator' ? 'simulator' : 'dingtalk',
    enabled: settings.enabled !== false,
    clientId: text(dingtalk.clientId),
    // A view's AppSecret is only whether one is saved; an import's is the value itself.
    clientSecret: typeof clientSecret === 'string' ? clientSecret : '',
    robotCode: text(dingtalk.robotCode),
    preset: text(agent.preset, 'qwen'),
    command: text(agent.command),
    args: Array.isArray(agent.args) ? agent.args.join(' ') : '',
    cwd: text(settings.cwd),
    model: text(settings.model),
    instructions: text(settings.instructions, base.instructions),
    env: agentEnvEntries(agent.env),
    senderPolicy: (text(settings.senderPolicy, 'allowlist') as SenderPolicy) || 'allowlist',
    allowedUsers: Array.isArray(settings.allowedUsers) ? settings.allowedUsers.map(String) : [],
    groupPolicy: (text(settings.groupPolicy, 'disabled') as GroupPolicy) || 'disabled',
    requireMentionDefault: star.requireMention !== false,
    groups: Object.entries(groups)
      .filter(([id]) => id !== '*')
      .map(([id, group]) => {
        const { requireMention } = record(group);
        return typeof requireMention === 'boolean' ? { id, requireMention } : { id };
      }),
    sessionScope: text(settings.sessionScope, 'user') as FormState['sessionScope'],
    dispatchMode: text(settings.dispatchMode, 'steer') as FormState['dispatchMode'],
    outputMode: text(settings.outputMode, 'final') as FormState['outputMode'],
    replyStyle: settings.replyStyle === 'card' ? 'card' : 'markdown',
    cardTemplateId: text(card.templateId),
    cardContentKey: text(card.contentKey),
    cardIntervalMs: card.intervalMs === undefined ? '' : String(card.intervalMs),
    maxDownloadMB: dingtalk.maxDownloadMB === undefined ? '' : String(dingtalk.maxDownloadMB),
    chatLanguage: text(settings.chatLanguage, 'both') as FormState['chatLanguage'],
    permissions: text(settings.permissions, 'ask') as FormState['permissions'],
    approvers: Array.isArray(settings.approvers) ? settings.approvers.map(String) : [],
    api: text(endpoints.api, base.api),
    oapi: text(endpoints.oapi, base.oapi),
    proxy: text(dingtalk.proxy),
    noProxy: dingtalk.proxy === '',
    stored,
  };
}

/** The settings the form edits; everything else in `stored` is carried over untouched. */
const FORM_SETTINGS = [
  'type', 'enabled', 'dingtalk', 'agent', 'cwd', 'model', 'instructions', 'senderPolicy', 'allowedUsers',
  'groupPolicy', 'groups', 'sessionScope', 'dispatchMode', 'outputMode', 'replyStyle', 'chatLanguage', 'permissions', 'approvers',
];

/** A number as the settings take it: digits as a number, anything else as written, for the schema to name what is wrong. */
const numberSetting = (value: string): number | string => (/^\d+$/.test(value) ? Number(value) : value);

/** The AI card's settings the form has a value for; an empty field is the default. */
function cardSection(form: FormState): Record<string, unknown> {
  const interval = form.cardIntervalMs.trim();
  return {
    ...(form.cardTemplateId.trim() ? { templateId: form.cardTemplateId.trim() } : {}),
    ...(form.cardContentKey.trim() ? { contentKey: form.cardContentKey.trim() } : {}),
    ...(interval ? { intervalMs: numberSetting(interval) } : {}),
  };
}

/** Left out, the environment's proxy is used; an empty string is no proxy at all. */
export const proxySetting = (form: FormState): { proxy?: string } => (form.noProxy ? { proxy: '' } : form.proxy.trim() ? { proxy: form.proxy.trim() } : {});

/** The `dingtalk` section the form writes: its fields, and what it has no field for (`tables`) as it was. */
function dingTalkSection(form: FormState): Record<string, unknown> {
  const applies = (setting: string) => settingApplies(form.type, setting);
  const { clientId: _id, clientSecret: _secret, robotCode: _code, endpoints: _endpoints, proxy: _proxy, card: _card, maxDownloadMB: _max, ...kept } = record(form.stored.dingtalk);
  const maxDownload = form.maxDownloadMB.trim();
  const customEndpoints = form.api !== DEFAULT_ENDPOINTS.api || form.oapi !== DEFAULT_ENDPOINTS.oapi;
  const card = cardSection(form);
  return {
    ...kept,
    ...(Object.keys(card).length ? { card } : {}),
    ...(maxDownload ? { maxDownloadMB: numberSetting(maxDownload) } : {}),
    ...(applies('clientId') ? { clientId: form.clientId.trim() } : {}),
    ...(applies('clientSecret') && form.clientSecret.trim() ? { clientSecret: form.clientSecret.trim() } : {}),
    ...(applies('robotCode') && form.robotCode.trim() ? { robotCode: form.robotCode.trim() } : {}),
    ...(applies('endpoints') && customEndpoints ? { endpoints: { api: form.api.trim(), oapi: form.oapi.trim() } } : {}),
    ...(applies('proxy') ? proxySetting(form) : {}),
  };
}

/**
 * The settings the engine stores, leaving out what the user left empty and, for a simulator, what only a real
 * bot reads.
 */
export function toSettings(form: FormState): Record<string, unknown> {
  const stored = form.stored;
  const dingtalk = dingTalkSection(form);
  const kept = Object.fromEntries(Object.entries(stored).filter(([key]) => !FORM_SETTINGS.includes(key)));
  const storedGroups = record(stored.groups);
  const groups: Record<string, unknown> = { '*': { ...record(storedGroups['*']), requireMention: form.requireMentionDefault } };
  for (const group of form.groups) {
    const id = group.id.trim();
    if (!id) continue;
    // Written only when the group has a choice of its own: an explicit value would stop it following "*".
    const { requireMention: _stored, ...others } = record(storedGroups[id]);
    groups[id] = { ...others, ...(group.requireMention === undefined ? {} : { requireMention: group.requireMention }) };
  }
  const args = form.args.trim() ? form.args.trim().split(/\s+/) : [];
  const { preset: storedPreset, command: storedCommand, args: _args, authMethod, env: _env, ...agentKept } = record(stored.agent);
  // An auth method is one that agent offered; another agent would refuse it and not start.
  const sameAgent = text(storedPreset, 'qwen') === form.preset && text(storedCommand) === form.command.trim();
  return {
    ...kept,
    ...(form.type !== 'dingtalk' ? { type: form.type } : {}),
    enabled: form.enabled,
    ...(Object.keys(dingtalk).length > 0 ? { dingtalk } : {}),
    agent: {
      ...agentKept,
      ...(authMethod !== undefined && sameAgent ? { authMethod } : {}),
      preset: form.preset,
      ...(form.command.trim() ? { command: form.command.trim() } : {}),
      args,
      ...(form.env.length ? { env: agentEnvSetting(form.env) } : {}),
    },
    // Left out when empty: a simulator then works in a folder of its own, and a real bot is told to choose one.
    ...(form.cwd.trim() ? { cwd: form.cwd.trim() } : {}),
    ...(form.model.trim() ? { model: form.model.trim() } : {}),
    instructions: form.instructions,
    senderPolicy: form.senderPolicy,
    allowedUsers: form.allowedUsers.map((user) => user.trim()).filter(Boolean),
    groupPolicy: form.groupPolicy,
    groups,
    sessionScope: form.sessionScope,
    dispatchMode: form.dispatchMode,
    outputMode: form.outputMode,
    ...(form.replyStyle !== 'markdown' ? { replyStyle: form.replyStyle } : {}),
    ...(form.chatLanguage !== 'both' ? { chatLanguage: form.chatLanguage } : {}),
    permissions: form.permissions,
    ...(form.approvers.some((approver) => approver.trim()) ? { approvers: form.approvers.map((approver) => approver.trim()).filter(Boolean) } : {}),
  };
}

/** What is wrong with one field: the engine's English, and the code and value the window words it from. */
export interface FormProblem {
  message: string;
  code?: string;
  value?: string;
}

/**
 * Problems by field path, checked with the engine's own schema. A stored secret counts as present; `$NAME`
 * references are taken as written (the engine resolves them when saving). Whether the folder exists is for the
 * engine to say: only it can see the disk.
 */
export function validate(form: FormState, hasStoredSecret: boolean): Record<string, FormProblem> {
  const problems: Record<string, FormProblem> = {};
  const name = form.name.trim();
  if (!name) problems.name = { message: 'is required', code: 'required' };
  else {
    const named = ChannelNameSchema.safeParse(name);
    if (!named.success) problems.name = firstProblem(named.error, 'name', 'is not a valid name');
  }
  const settings = toSettings(form);
  if (form.env.length) settings.agent = { ...record(settings.agent), env: agentEnvToCheck(form.env) };
  const dingtalk = record(settings.dingtalk);
  if (!dingtalk.clientSecret && hasStoredSecret && settingApplies(form.type, 'clientSecret')) settings.dingtalk = { ...dingtalk, clientSecret: 'stored-secret' };
  const parsed = ChannelConfigSchema.safeParse(settings, { reportInput: true });
  if (!parsed.success) for (const { path, ...problem } of describeIssues(parsed.error, '')) problems[path] ??= problem;
  return problems;
}

type Words = string | ((value: string) => string);
export type ProblemWords = Messages['form']['problems'];

/**
 * A problem in the window's language: the field's own sentence for its code, else the sentence for the code on
 * any field. A problem without a code the window knows (from a newer engine) keeps the engine's English rather
 * than being mistaken for another.
 */
export function problemText(words: ProblemWords, path: string, problem: FormProblem): string {
  // Own entries only: a code such as "constructor" must not find what every object inherits.
  const own = (table: object | undefined, key: string | undefined): Words | undefined =>
    table && key !== undefined && Object.hasOwn(table, key) ? (table as Record<string, Words>)[key] : undefined;
  const field = own(words.fields, path) as object | undefined;
  const chosen = own(field, problem.code) ?? own(words.codes, problem.code);
  if (chosen === undefined) return problem.message;
  return typeof chosen === 'function' ? chosen(problem.value ?? '') : chosen;
}
