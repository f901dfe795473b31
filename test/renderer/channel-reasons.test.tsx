// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cardInChinese } from './card-in-chinese';
import { teamView as team } from './channel-view';

afterEach(cleanup);

const AUTH_ENGLISH =
  'DingTalk rejected the AppKey/AppSecret (DingTalk: InvalidClientIdOrSecret: 无效的clientId或者clientSecret). Copy the Client ID and Client Secret again from the DingTalk developer portal (no spaces around them) and make sure a version of the app has been published.';

describe('a channel card in Chinese', () => {
  it('says in Chinese that DingTalk refused the bot, quoting DingTalk as it answered', async () => {
    const auth = { code: 'auth' as const, status: 400, dingtalkCode: 'InvalidClientIdOrSecret', dingtalkMessage: '无效的clientId或者clientSecret' };
    const card = await cardInChinese(
      team({ status: 'failed', reason: AUTH_ENGLISH, problem: { code: 'connection', connection: auth }, connection: { status: 'failed', reason: AUTH_ENGLISH, problem: auth, code: auth.dingtalkCode } }),
    );
    expect(card.textContent).toContain('钉钉拒绝了 AppKey/AppSecret（钉钉：InvalidClientIdOrSecret: 无效的clientId或者clientSecret）。请从钉钉开发者后台重新复制');
    expect(card.textContent).not.toContain('DingTalk rejected');
    expect(screen.getByText('失败').getAttribute('title')).toMatch(/^钉钉拒绝了/);
  });

  it('says in Chinese why the channel stopped when its agent kept exiting', async () => {
    const exited = { code: 'exited-at-start' as const, agent: 'Qwen Code', exitCode: 1 };
    const reason = 'The agent stopped 4 times within 5 minutes, so it is not restarted again. Last time: Qwen Code exited during start-up with code 1.';
    const card = await cardInChinese(
      team({ status: 'failed', reason, problem: { code: 'agent', agent: { code: 'keeps-crashing', crashes: 4, minutes: 5, last: exited } }, agent: { status: 'failed', reason } }),
    );
    expect(card.textContent).toContain('智能体在 5 分钟内停止了 4 次，因此不再重启。最后一次：Qwen Code 在启动过程中退出（退出码 1）。');
    expect(card.textContent).toContain('智能体出错');
    expect(card.textContent).not.toMatch(/stopped 4 times|exited during/);
  });

  it('shows an agent that needs a login in Chinese, without the engine’s English', async () => {
    const reason = 'Qwen Code needs you to log in before it can answer. Run `qwen` once in a terminal and log in.';
    const card = await cardInChinese(
      team({ agent: { status: 'needs-login', agent: 'Qwen Code', reason, problem: { code: 'needs-login', agent: 'Qwen Code', action: 'answer', login: 'qwen' }, login: 'qwen' } }),
    );
    expect(card.textContent).toContain('Qwen Code 需要登录');
    expect(card.textContent).toMatch(/已安装，需要登录：在终端里运行一次\s*qwen/);
    expect(card.textContent).not.toContain('needs you to log in');
  });

  it('says in Chinese why it is reconnecting', async () => {
    const card = await cardInChinese(
      team({ connection: { status: 'reconnecting', reason: 'the connection closed (code 1006)', problem: { code: 'closed', closeCode: 1006 }, attempt: 1, nextAttemptAt: Date.now() + 5_000 } }),
    );
    expect(card.textContent).toContain('连接已关闭（代码 1006）。');
    expect(card.textContent).not.toContain('the connection closed');
  });

  it('keeps the engine’s English for a reason that has no code, as older engines and unforeseen failures send', async () => {
    const card = await cardInChinese(team({ status: 'failed', reason: 'EACCES: permission denied, open pairing.json' }));
    expect(card.textContent).toContain('EACCES: permission denied, open pairing.json');
  });
});
