import type { Logger } from '../base/logger.js';
import type { AgentEnvProvider } from '../agents/agent-process.js';
import { withoutSecrets } from '../agents/agent-env.js';
import { agentEnvironment, readLoginShellPath } from './login-shell-env.js';

export interface DesktopAgentEnvOptions {
  /** The app's own environment. */
  env: NodeJS.ProcessEnv;
  /** The variables the settings' secrets refer to when the app starts. */
  secretVariables: ReadonlySet<string>;
  logger: Logger;
  platform?: NodeJS.Platform;
}

/**
 * What agents run with on the desktop. Started from a launcher or Finder, the app gets a minimal PATH without the
 * user's `qwen`, `claude-agent-acp` or the node they run on, so the PATH comes from the user's login shell, read once
 * in the background; inside an AppImage the image's own folders and libraries are left out. Windows apps already get
 * the user's PATH. The login shell runs the user's rc files, so it sees no more of Dingbridge's secrets than an agent
 * does: none of `secretVariables` and none of Dingbridge's own variables.
 */
export function desktopAgentEnv(options: DesktopAgentEnvOptions): AgentEnvProvider | undefined {
  const { env, logger } = options;
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return undefined;
  const login = readLoginShellPath({ env: withoutSecrets(agentEnvironment(env), options.secretVariables), platform }).then((result) => {
    if (result.reason) logger.warn('Agents get the app\'s own PATH: the login shell\'s could not be read', { reason: result.reason });
    return result.path;
  });
  return async () => agentEnvironment(env, await login);
}
