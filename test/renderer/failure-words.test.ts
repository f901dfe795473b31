import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { failureText } from '../../renderer/src/i18n/failure-words';
import { ContractError, ContractErrorSchema } from '../../electron/contract/errors';
import { ErrorReasonSchema, errorReasonText, type ErrorReason } from '../../electron/core/base/error-reason';

const CJK = /[\u4e00-\u9fff]/;

/** One reason of each code, with every value its words may use. */
const reasons: ErrorReason[] = ErrorReasonSchema.options.map((option) => {
  const code = option.shape.code.value;
  return { code, channel: 'team', known: ['team', 'simulator'], pairingCode: 'AB12CD34', staffId: 'lisi' } as ErrorReason;
});
const refusal = (reason: ErrorReason) => new ContractError({ code: 'not_found', message: errorReasonText(reason), reason });

describe('a failed call in the window’s language', () => {
  it('words every reason the engine sends in Chinese, and in English as the engine says it', () => {
    expect(reasons.map((reason) => reason.code).sort()).toEqual([...ErrorReasonSchema.options.map((option) => option.shape.code.value)].sort());
    for (const reason of reasons) {
      expect(failureText(refusal(reason), zhCN), reason.code).toMatch(CJK);
      expect(failureText(refusal(reason), en), reason.code).toBe(errorReasonText(reason));
    }
  });

  it('keeps the names, codes and people it is about as they are', () => {
    expect(failureText(refusal({ code: 'no-channel', channel: 'team', known: ['ops', 'simulator'] }), zhCN)).toBe('没有名为“team”的频道。现有频道：ops、simulator。');
    expect(failureText(refusal({ code: 'no-pairing-request', pairingCode: 'AB12CD34' }), zhCN)).toBe(
      '没有配对码为“AB12CD34”的待处理配对请求（配对请求一小时后过期，它可能已经过期）。',
    );
    expect(failureText(refusal({ code: 'keyring-locked' }), zhCN)).toBe('系统钥匙串已锁定或拒绝访问，所以 AppSecret 没有保存。请解锁钥匙串后再保存一次。');
  });

  it('words a refusal of what was sent by its problems, each as the form words it', () => {
    const removed = new ContractError({
      code: 'invalid_input',
      message: 'There is a problem with the settings:\n- name: there is no channel "team"',
      problems: [{ path: 'name', message: 'there is no channel "team"', code: 'no_channel' }],
    });
    expect(failureText(removed, zhCN)).toBe('Dingbridge 拒绝了这个操作。name：没有这个名称的频道，它可能已被删除。');
    expect(failureText(removed, en)).toBe('Dingbridge refused it. name: There is no channel by this name; it may have been removed.');
  });

  it('words a lost link or a mismatched window by the kind of failure', () => {
    expect(failureText(new ContractError({ code: 'disconnected', message: 'The connection was closed.' }), zhCN)).toBe('与 Dingbridge 的连接在它回答之前断开了。');
    expect(failureText(new ContractError({ code: 'unauthorized', message: 'This window may not use Dingbridge.' }), zhCN)).toBe('这个窗口无权使用 Dingbridge。');
    expect(failureText(new ContractError({ code: 'invalid_output', message: 'The answer to channels.list was not understood.' }), zhCN)).toMatch(/^Dingbridge 的回答这个窗口无法理解。/);
  });

  it('keeps the engine’s English for what nobody foresaw, and for a reason from a newer engine', () => {
    expect(failureText(new ContractError({ code: 'failed', message: 'EACCES: permission denied' }), zhCN)).toBe('EACCES: permission denied');
    expect(failureText(new Error('Something odd.'), zhCN)).toBe('Something odd.');
    // A reason this window's contract does not know is dropped as the answer is read, so the English stays.
    const newer = ContractErrorSchema.parse({ code: 'failed', message: 'The flux capacitor is off.', reason: { code: 'flux-off' } });
    expect(newer.reason).toBeUndefined();
    expect(failureText(new ContractError(newer), zhCN)).toBe('The flux capacitor is off.');
  });
});
