import { z } from 'zod';
import { EndpointsSchema, DEFAULT_ENDPOINTS } from '../platform/dingtalk/endpoints.js';
import { ProxySettingSchema } from '../platform/dingtalk/proxy-setting.js';
import { TableModeSchema } from '../platform/dingtalk/markdown-tables.js';
import { CardSettingsSchema } from '../platform/dingtalk/card-settings.js';
import { DEFAULT_MAX_DOWNLOAD_MB, MaxDownloadSchema } from '../platform/dingtalk/download-limit.js';
import { CHANNEL_DEFAULTS } from './defaults.js';
import { text } from './setting-text.js';

/**
 * What an AppKey can look like. Internal apps' AppKeys are `ding` and letters and digits; Stream Mode takes a
 * third-party app's SuiteKey (`suite…`) in the same place, so only the characters and a leading letter are
 * required. That still refuses what gets pasted by mistake: a space inside, a `<AppKey>` placeholder, the
 * numeric AgentId.
 */
const APP_KEY = /^[A-Za-z][A-Za-z0-9]*$/;
/**
 * A `$NAME` / `${NAME}` reference: the file's are replaced before this check, so only the form sees one here, and
 * the value it stands for is checked when the engine saves.
 */
const APP_KEY_REFERENCE = /^\$[A-Za-z_][A-Za-z0-9_]*$|^[A-Za-z0-9]*(?:\$\{[A-Za-z_][A-Za-z0-9_]*\}[A-Za-z0-9]*)+$/;
export const isAppKey = (value: string): boolean => APP_KEY.test(value) || APP_KEY_REFERENCE.test(value);

/**
 * A channel's `dingtalk` section: the bot's credentials, the hosts it talks to and the proxy it goes through, how
 * its replies are written and the AI card they stream into, and how large a file people may send it.
 * Whether the credentials must be there depends on the channel's type, so the channel's schema checks that.
 */
export const DingTalkSettingsSchema = z.object({
  clientId: text('the AppKey (Client ID) from the DingTalk developer portal')
    .refine(isAppKey, {
      message: 'is not an AppKey: it has only letters and digits and starts with a letter, like dingxxxxxxxx',
      params: { code: 'bad_appkey' },
    })
    .optional(),
  clientSecret: text('the AppSecret (Client Secret) from the DingTalk developer portal').optional(),
  robotCode: text('the robot code (usually the same as the AppKey)').optional(),
  endpoints: EndpointsSchema.default(DEFAULT_ENDPOINTS),
  proxy: ProxySettingSchema.optional(),
  tables: TableModeSchema.default(CHANNEL_DEFAULTS.tables),
  /** The AI card answers stream into when the channel's `replyStyle` is `card`. */
  card: CardSettingsSchema.prefault({}),
  maxDownloadMB: MaxDownloadSchema.default(DEFAULT_MAX_DOWNLOAD_MB),
});

/** The section's settings, in the order the docs list them. */
export const DINGTALK_SETTINGS = ['clientId', 'clientSecret', 'robotCode', 'endpoints', 'proxy', 'tables', 'card', 'maxDownloadMB'] as const;
