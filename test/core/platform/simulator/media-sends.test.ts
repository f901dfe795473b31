import { describe, expect, it } from 'vitest';
import { robotApi, startSim, tokenFor, uploaded } from './upload-harness.js';

const GROUP = 'cidTeam==';

async function setUp(options: Parameters<typeof startSim>[0] = {}) {
  const sim = await startSim(options);
  const aliceDm = sim.pushMessage({ sender: { staffId: 'alice' } }).conversationId;
  const token = await tokenFor(sim.endpoints.oapi, sim.app);
  const image = await uploaded(sim.endpoints.oapi, token, 'image', 'chart.png', 12);
  const file = await uploaded(sim.endpoints.oapi, token, 'file', 'report.pdf', 34);
  const dm = (msgKey: string, param: unknown) =>
    robotApi(sim.endpoints.api, token, 'oToMessages/batchSend', { robotCode: sim.app.robotCode, userIds: ['alice'], msgKey, msgParam: JSON.stringify(param) });
  const group = (msgKey: string, param: unknown) =>
    robotApi(sim.endpoints.api, token, 'groupMessages/send', { robotCode: sim.app.robotCode, openConversationId: GROUP, msgKey, msgParam: JSON.stringify(param) });
  return { sim, aliceDm, image, file, dm, group };
}

const refused = (code: string) => ({ status: 400, body: { requestid: expect.any(String), code, message: expect.stringContaining(code.split('.').pop() ?? '') } });

describe('sending an uploaded picture or file', () => {
  it('puts a picture sent to a person and a file sent to a group in the outbox with the file', async () => {
    const { sim, aliceDm, image, file, dm, group } = await setUp();

    expect((await dm('sampleImageMsg', { photoURL: image })).status).toBe(200);
    expect((await group('sampleFile', { mediaId: file, fileName: '季度报告.pdf', fileType: 'pdf' })).status).toBe(200);

    expect(sim.outbox).toEqual([
      expect.objectContaining({
        via: 'batchSend',
        conversationId: aliceDm,
        conversationType: '1',
        msgtype: 'sampleImageMsg',
        text: 'chart.png',
        file: { mediaId: image, name: 'chart.png', kind: 'image', bytes: 12, mimeType: 'image/png', shown: true },
      }),
      expect.objectContaining({
        via: 'groupSend',
        conversationId: GROUP,
        conversationType: '2',
        msgtype: 'sampleFile',
        text: '季度报告.pdf',
        file: { mediaId: file, name: '季度报告.pdf', kind: 'file', bytes: 34, mimeType: 'application/pdf', shown: true },
      }),
    ]);
  });

  it('takes a picture by link, with nothing to show but the link', async () => {
    const { sim, group } = await setUp();
    expect((await group('sampleImageMsg', { photoURL: 'https://example.com/a.png' })).status).toBe(200);
    expect(sim.outbox[0]).toMatchObject({ text: 'https://example.com/a.png' });
    expect(sim.outbox[0]?.file).toBeUndefined();
  });

  it('takes a picture by photoMediaId with 200 but records it as not shown, as DingTalk draws nothing', async () => {
    const { sim, image, dm } = await setUp();
    expect(await dm('sampleImageMsg', { photoMediaId: image })).toMatchObject({ status: 200 });
    expect(sim.outbox[0]?.file).toEqual({ mediaId: image, name: 'chart.png', kind: 'image', bytes: 12, mimeType: 'image/png', shown: false });
  });

  it('refuses a photoURL that is neither a picture this app uploaded nor a web link', async () => {
    const { sim, file, dm, group } = await setUp();
    const bad = refused('invalidParameter.msgParam.photoURL');
    expect(await dm('sampleImageMsg', { photoURL: '@lAunknown' })).toEqual(bad);
    expect(await dm('sampleImageMsg', { photoURL: file })).toEqual(bad);
    expect(await group('sampleImageMsg', { photoURL: 'ftp://example.com/a.png' })).toEqual(bad);
    expect(await group('sampleImageMsg', {})).toEqual(bad);
    expect(sim.outbox).toHaveLength(0);
  });

  it('refuses a sampleFile with an unknown media id, no name, or a fileType that is not its name’s', async () => {
    const { sim, file, dm, group } = await setUp();
    expect(await dm('sampleFile', { mediaId: '@lAunknown', fileName: 'a.pdf', fileType: 'pdf' })).toEqual(refused('invalidParameter.msgParam.mediaId'));
    expect(await group('sampleFile', { fileName: 'a.pdf', fileType: 'pdf' })).toEqual(refused('invalidParameter.msgParam.mediaId'));
    expect(await group('sampleFile', { mediaId: file, fileName: '', fileType: 'pdf' })).toEqual(refused('invalidParameter.msgParam.fileName'));
    expect(await dm('sampleFile', { mediaId: file, fileName: 'a.pdf', fileType: 'docx' })).toEqual(refused('invalidParameter.msgParam.fileType'));
    expect(await dm('sampleFile', { mediaId: file, fileName: 'a.pdf' })).toEqual(refused('invalidParameter.msgParam.fileType'));
    expect(await dm('sampleFile', { mediaId: file, fileName: 'notes.txt', fileType: 'txt' })).toEqual(refused('invalidParameter.msgParam.fileType'));
    expect(await dm('sampleFile', { mediaId: file, fileName: 'a.toString', fileType: 'toString' })).toEqual(refused('invalidParameter.msgParam.fileType'));
    expect(sim.outbox).toHaveLength(0);
  });

  it('knows only the media ids of the app that sends', async () => {
    const other = { clientId: 'dingother', clientSecret: 's' };
    const { sim, file, image } = await setUp({ apps: [{ clientId: 'dingfirst', clientSecret: 's' }, other] });
    const otherToken = await tokenFor(sim.endpoints.oapi, other);
    const send = (msgKey: string, param: unknown) =>
      robotApi(sim.endpoints.api, otherToken, 'groupMessages/send', { robotCode: other.clientId, openConversationId: GROUP, msgKey, msgParam: JSON.stringify(param) });

    expect(await send('sampleFile', { mediaId: file, fileName: 'report.pdf', fileType: 'pdf' })).toEqual(refused('invalidParameter.msgParam.mediaId'));
    expect(await send('sampleImageMsg', { photoURL: image })).toEqual(refused('invalidParameter.msgParam.photoURL'));
    expect(sim.outbox).toHaveLength(0);
  });
});
