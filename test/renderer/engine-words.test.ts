import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { agentReason, channelReason, checkStepText, connectionReason, importNoteText, installHintText } from '../../renderer/src/i18n/engine-words';
import { InstallHintSchema, installText, type InstallHint } from '../../electron/core/agents/install-hint';
import { AgentProblemCodeSchema, agentProblemText } from '../../electron/core/agents/agent-problem';
import { ConnectionProblemCodeSchema } from '../../electron/core/chat/connection-problem';
import { ImportNoteCodeSchema } from '../../electron/core/config/import-note';
import type { AgentProblem, ConnectionProblem } from '../../renderer/src/view-types';

const CJK = /[\u4e00-\u9fff]/;

describe('the engine’s reasons in the window’s language', () => {
  it('words an agent that needs a login with the command and the auth methods to choose from', () => {
    const problem: AgentProblem = { code: 'needs-login', agent: 'Qwen Code', action: 'start-session', login: 'qwen', methods: 'openai (OpenAI key)' };
    const reason = agentProblemText(problem);
    expect(agentReason(reason, problem, en)).toBe(reason);
    expect(agentReason(reason, problem, zhCN)).toBe(
      'Qwen Code 需要先登录才能开始会话。请在终端里运行一次 `qwen` 并登录；或者退出 Dingbridge，在设置文件（数据文件夹中的 config.json）里把这个频道的 agent.authMethod 设为以下之一：openai (OpenAI key)。',
    );
  });

  it('words an agent that kept crashing with why it crashed the last time', () => {
    const problem: AgentProblem = { code: 'keeps-crashing', crashes: 4, minutes: 5, last: { code: 'exited-at-start', agent: 'Codex', exitCode: 2 } };
    expect(agentReason('…', problem, zhCN)).toBe('智能体在 5 分钟内停止了 4 次，因此不再重启。最后一次：Codex 在启动过程中退出（退出码 2）。');
    // Without a code for the last time, its English is all there is to say.
    expect(agentReason('…', { code: 'keeps-crashing', crashes: 4, minutes: 5, detail: 'spawn EACCES' }, zhCN)).toBe('智能体在 5 分钟内停止了 4 次，因此不再重启。最后一次：spawn EACCES');
  });

  it('has words in both languages for every code the engine sends, the English ones as the engine says them', () => {
    const agentSample = { agent: 'Qwen Code', command: 'qwen', install: 'npm i', folder: '/srv', detail: 'x', exitCode: 1, method: 'm', seconds: 10, crashes: 4, minutes: 5 };
    for (const code of AgentProblemCodeSchema.options) {
      const problem = { code, ...agentSample } as AgentProblem;
      expect(agentReason(undefined, problem, zhCN), code).toMatch(CJK);
      expect(agentReason(undefined, problem, en), code).toBe(agentProblemText(problem));
    }
    for (const code of ConnectionProblemCodeSchema.options) {
      expect(connectionReason(undefined, { code, status: 500, seconds: 5, detail: 'ECONNRESET', closeCode: 1006, pings: 2 }, zhCN), code).toMatch(CJK);
    }
    for (const code of ImportNoteCodeSchema.options) expect(importNoteText({ message: 'English', code, value: 'v' }, zhCN), code).toMatch(CJK);
  });

  it('quotes DingTalk’s own words as they came', () => {
    const auth: ConnectionProblem = { code: 'auth', status: 401, dingtalkCode: 'authFailed', dingtalkMessage: '鉴权失败' };
    expect(connectionReason('DingTalk rejected …', auth, zhCN)).toBe(
      '钉钉拒绝了 AppKey/AppSecret（钉钉：authFailed: 鉴权失败）。请从钉钉开发者后台重新复制 Client ID 和 Client Secret（前后不要带空格），并确认应用已经发布过一个版本。',
    );
    expect(connectionReason('…', { code: 'server', status: 503 }, en)).toBe('DingTalk had a server error (HTTP 503); will retry.');
  });

  it('shows the engine’s English for a code this window does not know, never another’s words', () => {
    const newer = { code: 'from-a-newer-engine' } as unknown as AgentProblem;
    expect(agentReason('The English reason.', newer, zhCN)).toBe('The English reason.');
    expect(agentReason('The English reason.', { code: 'keeps-crashing', crashes: 4, minutes: 5, last: newer }, zhCN)).toBe('The English reason.');
    expect(connectionReason('Dial tone.', { code: 'constructor' } as unknown as ConnectionProblem, zhCN)).toBe('Dial tone.');
    expect(importNoteText({ message: 'is odd', code: 'toString' }, zhCN)).toBe('is odd');
    expect(agentReason('Old event.', undefined, zhCN)).toBe('Old event.');
  });

  it('words why a channel failed: its agent, DingTalk, or its settings, each problem as the form words it', () => {
    const channel = { reason: 'DingTalk rejected …', problem: { code: 'connection' as const, connection: { code: 'auth' as const } } };
    expect(channelReason(channel, zhCN)).toMatch(/^钉钉拒绝了 AppKey\/AppSecret。/);
    expect(channelReason({ reason: 'The settings have a problem: …', problems: [{ path: 'dingtalk.clientId', message: 'must not be empty', code: 'empty' }] }, zhCN)).toBe(
      '设置有 1 个问题。dingtalk.clientId：请填写钉钉开发者后台中的 AppKey。',
    );
    expect(channelReason({ reason: 'ENOSPC: no space left on device' }, zhCN)).toBe('ENOSPC: no space left on device');
  });

  it('words the steps of "Test connection", the ones that worked too', () => {
    expect(checkStepText({ step: 'stream', ok: true, message: 'DingTalk offers a Stream Mode connection to this app.' }, zhCN)).toBe('钉钉为这个应用提供 Stream 模式连接。');
    expect(checkStepText({ step: 'credentials', ok: false, message: '…', problem: { code: 'no-answer', seconds: 15 } }, zhCN)).toBe('钉钉在 15 秒内没有应答。');
  });
});

describe('how to install an agent, in the window’s language', () => {
  const hints: InstallHint[] = [
    { code: 'run', command: 'npm install -g @agentclientprotocol/claude-agent-acp', login: 'claude' },
    { code: 'run', command: 'npm install -g @google/gemini-cli' },
    { code: 'download', program: 'goose', minVersion: '1.8', url: 'https://block.github.io/goose/docs/getting-started/installation' },
    { code: 'built-in' },
    { code: 'check-command' },
  ];

  it('words every hint in Chinese around the commands as they must be typed, and in English as the engine says it', () => {
    expect(new Set(hints.map((hint) => hint.code))).toEqual(new Set(InstallHintSchema.options.map((option) => option.shape.code.value)));
    for (const hint of hints) {
      // A command alone is the whole hint, in any language.
      if (hint.code !== 'run' || hint.login) expect(installHintText(installText(hint), hint, zhCN), hint.code).toMatch(CJK);
      expect(installHintText(installText(hint), hint, en), hint.code).toBe(installText(hint));
    }
    expect(installHintText('…', hints[1], zhCN)).toBe('npm install -g @google/gemini-cli');
    expect(installHintText('…', hints[0], zhCN)).toBe('npm install -g @agentclientprotocol/claude-agent-acp（然后用 `claude` 登录一次）');
    expect(installHintText('…', hints[2], zhCN)).toBe('从 https://block.github.io/goose/docs/getting-started/installation 安装 goose 1.8 或更高版本');
  });

  it('words the hint inside an agent that is not installed', () => {
    const installHint: InstallHint = { code: 'download', program: 'goose', minVersion: '1.8', url: 'https://block.github.io/goose/docs/getting-started/installation' };
    const problem: AgentProblem = { code: 'not-installed', agent: 'goose', command: 'goose', install: installText(installHint), installHint };
    expect(agentReason(agentProblemText(problem), problem, zhCN)).toBe(
      '这台电脑上没有安装 goose：在 PATH 中找不到命令 "goose"。安装方法：从 https://block.github.io/goose/docs/getting-started/installation 安装 goose 1.8 或更高版本',
    );
    expect(agentReason(agentProblemText(problem), problem, en)).toBe(agentProblemText(problem));
  });

  it('shows the engine’s English without a hint, or with one it does not know', () => {
    expect(installHintText('npm i -g x', undefined, zhCN)).toBe('npm i -g x');
    expect(installHintText('npm i -g x', { code: 'toString' } as unknown as InstallHint, zhCN)).toBe('npm i -g x');
  });
});
