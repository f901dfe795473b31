// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider } from '../../renderer/src/i18n/i18n';
import { ImportDialog } from '../../renderer/src/pages/channels/ImportDialog';
import { ContractError } from '../../electron/contract/errors';
import { stubApi } from './stub-api';

afterEach(cleanup);

/** The dialog in Chinese with a file chosen, read once; `answer` is what channels.import gives back. */
async function readInChinese(answer: () => unknown) {
  const stub = stubApi({ 'channels.import': answer });
  render(
    <I18nProvider language="zh-CN">
      <ApiProvider api={stub.api} link="open">
        <ImportDialog onUse={() => undefined} onClose={() => undefined} />
      </ApiProvider>
    </I18nProvider>,
  );
  const file = new File(['{}'], 'settings.json', { type: 'application/json' });
  await act(async () => fireEvent.change(screen.getByLabelText('设置文件'), { target: { files: [file] } }));
  await act(async () => fireEvent.click(await screen.findByRole('button', { name: '读取文件' })));
}

describe('the import dialog in Chinese', () => {
  it('says what it left out and what is wrong with a channel in Chinese', async () => {
    await readInChinese(() => ({
      channels: [{ name: 'team', settings: { type: 'dingtalk' }, problems: [{ path: 'dingtalk.clientId', message: 'is required for a DingTalk channel', code: 'required' }] }],
      notes: [
        { path: 'channels.tg', message: 'is a telegram channel; only DingTalk channels are imported', code: 'not-dingtalk', value: 'telegram' },
        { path: 'channels.team.atSender', message: 'has no equivalent in Dingbridge and was left out', code: 'left-out' },
        { path: 'channels.team.later', message: 'a note from a newer engine' },
      ],
    }));
    const result = await screen.findByRole('status');
    expect(result.textContent).toContain('找到 1 个钉钉频道。');
    expect(result.textContent).toContain('dingtalk.clientId: 请填写钉钉开发者后台中的 AppKey。');
    const notes = within(result).getAllByRole('listitem').map((item) => item.textContent);
    expect(notes).toContain('channels.tg 是 telegram 频道；只导入钉钉频道');
    expect(notes).toContain('channels.team.atSender Dingbridge 中没有对应的设置，未导入');
    // A note without a code this window knows keeps the engine's English.
    expect(notes).toContain('channels.team.later a note from a newer engine');
  });

  it('says in Chinese that the file is not JSON, with the parser’s own words', async () => {
    await readInChinese(() => {
      throw new ContractError({
        code: 'invalid_input',
        message: "The Qwen Code settings file is not valid JSON: invalid character 'j' at 1:7",
        problems: [{ path: '', message: "The Qwen Code settings file is not valid JSON: invalid character 'j' at 1:7", code: 'not-json', value: "invalid character 'j' at 1:7" }],
      });
    });
    expect((await screen.findByRole('alert')).textContent).toBe("设置文件不是有效的 JSON：invalid character 'j' at 1:7");
  });
});
