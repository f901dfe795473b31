import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorChat } from '../../../../electron/core/platform/simulator/simulator-chat.js';
import { SIMULATOR_FILE_PIECE_BYTES, SimulatorEntrySchema, dmIdFor } from '../../../../electron/core/platform/simulator/simulator-schema.js';
import { robotApi, tokenFor, uploaded } from './upload-harness.js';

const chats: SimulatorChat[] = [];
afterEach(async () => {
  await Promise.all(chats.splice(0).map((chat) => chat.stop()));
});

async function chatWithToken() {
  const chat = await SimulatorChat.start(60_000);
  chats.push(chat);
  const token = await tokenFor(chat.endpoints.oapi, chat.credentials);
  return { chat, token };
}

describe('what the bot sends in the simulator chat', () => {
  it('shows a picture and a file the bot sent as entries with the file', async () => {
    const { chat, token } = await chatWithToken();
    chat.send({ sender: { staffId: 'zhangsan', nick: '张三' }, conversation: 'dm', text: 'send me the chart' });
    const image = await uploaded(chat.endpoints.oapi, token, 'image', 'chart.png', 5);
    const file = await uploaded(chat.endpoints.oapi, token, 'file', 'report.zip', 7);
    const { robotCode } = chat.credentials;
    await robotApi(chat.endpoints.api, token, 'oToMessages/batchSend', { robotCode, userIds: ['zhangsan'], msgKey: 'sampleImageMsg', msgParam: JSON.stringify({ photoURL: image }) });
    await robotApi(chat.endpoints.api, token, 'oToMessages/batchSend', { robotCode, userIds: ['zhangsan'], msgKey: 'sampleImageMsg', msgParam: JSON.stringify({ photoMediaId: image }) });
    await robotApi(chat.endpoints.api, token, 'oToMessages/batchSend', {
      robotCode,
      userIds: ['zhangsan'],
      msgKey: 'sampleFile',
      msgParam: JSON.stringify({ mediaId: file, fileName: 'report.zip', fileType: 'zip' }),
    });

    const bot = chat.transcript().filter((entry) => entry.from === 'bot');
    expect(bot).toEqual([
      expect.objectContaining({ conversationId: dmIdFor('zhangsan'), text: 'chart.png', sentFile: { mediaId: image, name: 'chart.png', kind: 'image', bytes: 5, mimeType: 'image/png', shown: true } }),
      expect.objectContaining({ text: 'chart.png', sentFile: expect.objectContaining({ mediaId: image, shown: false }) }),
      expect.objectContaining({ text: 'report.zip', sentFile: { mediaId: file, name: 'report.zip', kind: 'file', bytes: 7, mimeType: 'application/zip', shown: true } }),
    ]);
    for (const entry of bot) expect(SimulatorEntrySchema.parse(entry)).toEqual(entry);
  });

  it('reads an uploaded file back a piece at a time', async () => {
    const { chat, token } = await chatWithToken();
    const bytes = new Uint8Array(2 * SIMULATOR_FILE_PIECE_BYTES + 300).map((_, index) => index % 251);
    const mediaId = await uploaded(chat.endpoints.oapi, token, 'file', 'data.zip', bytes);

    const pieces = [];
    for (let offset = 0; offset < bytes.length; ) {
      const piece = chat.filePiece(mediaId, offset);
      expect(piece).toMatchObject({ name: 'data.zip', mimeType: 'application/zip', bytes: bytes.length, offset });
      const data = Buffer.from(piece.dataBase64, 'base64');
      expect(data.length).toBeLessThanOrEqual(SIMULATOR_FILE_PIECE_BYTES);
      pieces.push(data);
      offset += data.length;
    }

    expect(pieces.map((piece) => piece.length)).toEqual([SIMULATOR_FILE_PIECE_BYTES, SIMULATOR_FILE_PIECE_BYTES, 300]);
    expect(Buffer.concat(pieces).equals(Buffer.from(bytes))).toBe(true);
    expect(() => chat.filePiece(mediaId, bytes.length)).toThrow(/nothing to read from byte/);
    expect(() => chat.filePiece('@lAunknown', 0)).toThrow(/no file @lAunknown/);
  });
});
