/** What the bot says in DingTalk on its own behalf; Chinese first, as its users read it, then English. */
export const CHANNEL_WORDS = {
  pairingCode: (nick: string, code: string) =>
    `👋 ${nick}，使用此机器人需要管理员批准。配对码：**${code}**（1 小时内有效），请把它发给运行 Dingbridge 的人。\n\n` +
    `This bot needs its operator's approval first. Your pairing code is **${code}** (valid for 1 hour): give it to the person who runs Dingbridge.`,
  pairingFull: () =>
    '待处理的配对请求过多，请稍后再试。\n\nToo many pairing requests are waiting; please try again later.',
  approved: () => '✅ 你已获准使用此机器人。\n\nYou can now use this bot.',
  denied: () => '⛔ 管理员拒绝了你的使用请求。\n\nThe operator declined your request to use this bot.',
  unsupported: (what: string) => `🤔 ${what}\n\n暂时无法处理这种消息，请发送文字、图片或文件。 I can't read this kind of message yet; please send text, pictures or files.`,
  fileFailed: (name: string, why: string) => `⚠️ 无法获取文件 ${name}：${why}\n\nThe file ${name} could not be fetched: ${why}`,
  apology: (ref: string) => `抱歉，处理这条消息时出错了。参考编号：${ref}\n\nSorry, something went wrong with this message. Reference: ${ref}`,
  withRef: (text: string, ref: string) => `${text}\n\n(ref ${ref})`,
};
