import { describe, expect, it } from 'vitest';
import { MEDIA_PERMISSION, SEND_PERMISSION } from '../../../../electron/core/platform/simulator/dingtalk/index.js';
import { fileForm, MB, startSim, tokenFor, upload } from './upload-harness.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function simWithToken(options: Parameters<typeof startSim>[0] = {}) {
  const sim = await startSim(options);
  return { sim, oapi: sim.endpoints.oapi, token: await tokenFor(sim.endpoints.oapi, sim.app) };
}

describe('media/upload', () => {
  it('keeps a good upload under a new media id and records it', async () => {
    const { sim, oapi, token } = await simWithToken();
    const before = Date.now();
    const answer = await upload(oapi, token, 'image', fileForm('photo.PNG', PNG));

    expect(answer).toEqual({
      status: 200,
      body: { errcode: 0, errmsg: 'ok', media_id: expect.stringMatching(/^@lA[A-Za-z0-9]+$/), type: 'image', created_at: expect.any(Number) },
    });
    expect(answer.body.created_at).toBeGreaterThanOrEqual(before);
    const mediaId = String(answer.body.media_id);
    expect(sim.uploadedFile(mediaId)).toMatchObject({ mediaId, clientId: sim.app.clientId, type: 'image', fileName: 'photo.PNG', mimeType: 'image/png' });
    expect([...(sim.uploadedFile(mediaId)?.bytes ?? [])]).toEqual([...PNG]);
    expect(sim.uploads).toEqual([
      { clientId: sim.app.clientId, type: 'image', fileName: 'photo.PNG', bytes: PNG.length, status: 200, errcode: 0, errmsg: 'ok', mediaId, injected: false, at: expect.any(Number) },
    ]);
    // The file's bytes are kept once, in the store, not again as the request's text.
    expect(sim.requests.at(-1)).toMatchObject({ path: '/media/upload', body: undefined });

    const again = await upload(oapi, token, 'file', fileForm('report.pdf', 10));
    expect(again.body).toMatchObject({ errcode: 0, type: 'file' });
    expect(again.body.media_id).not.toBe(mediaId);
  });

  it('takes only a multipart form of exactly one file named media', async () => {
    const { sim, oapi, token } = await simWithToken();
    const noMedia = { status: 200, body: { errcode: 41005, errmsg: expect.stringContaining('media') } };

    expect(await upload(oapi, token, 'image', fileForm('photo.png', PNG, 'file'))).toEqual(noMedia);
    const extra = fileForm('photo.png', PNG);
    extra.append('name', 'photo.png');
    expect(await upload(oapi, token, 'image', extra)).toEqual(noMedia);
    const twice = fileForm('photo.png', PNG);
    twice.append('media', new Blob([PNG]), 'other.png');
    expect(await upload(oapi, token, 'image', twice)).toEqual(noMedia);
    const text = new FormData();
    text.append('media', 'not a file');
    expect(await upload(oapi, token, 'image', text)).toEqual(noMedia);
    expect(await upload(oapi, token, 'image', JSON.stringify({ media: 'x' }))).toEqual(noMedia);
    expect(sim.uploads.map((record) => record.errcode)).toEqual([41005, 41005, 41005, 41005, 41005]);
  });

  it('refuses a missing or unknown type', async () => {
    const { oapi, token } = await simWithToken();
    const badType = { status: 200, body: { errcode: 40004, errmsg: '不合法的媒体文件类型' } };
    expect(await upload(oapi, token, 'picture', fileForm('photo.png', PNG))).toEqual(badType);
    expect(await upload(oapi, token, undefined, fileForm('photo.png', PNG))).toEqual(badType);
    expect(await upload(oapi, token, 'IMAGE', fileForm('photo.png', PNG))).toEqual(badType);
  });

  it('refuses a file whose extension the type does not take', async () => {
    const { sim, oapi, token } = await simWithToken();
    for (const [type, name] of [
      ['image', 'report.pdf'],
      ['image', 'photo'],
      ['file', 'notes.txt'],
      ['file', 'sneaky.constructor'],
      ['voice', 'talk.ogg'],
      ['video', 'clip.mov'],
    ] as const) {
      expect(await upload(oapi, token, type, fileForm(name, 10))).toEqual({ status: 200, body: { errcode: 40005, errmsg: expect.stringContaining('不合法的文件类型') } });
    }
    expect(sim.uploads.at(-1)).toMatchObject({ type: 'video', fileName: 'clip.mov', bytes: 10, errcode: 40005 });
    expect((await upload(oapi, token, 'voice', fileForm('talk.amr', 10))).body.errcode).toBe(0);
    expect((await upload(oapi, token, 'video', fileForm('clip.mp4', 10))).body.errcode).toBe(0);
  });

  it('holds each type to its size, counted in bytes', async () => {
    const { sim, oapi, token } = await simWithToken();
    const badSize = { status: 200, body: { errcode: 40006, errmsg: expect.stringContaining('不合法的文件大小') } };

    expect((await upload(oapi, token, 'image', fileForm('big.png', 20 * MB))).body.errcode).toBe(0);
    expect(await upload(oapi, token, 'image', fileForm('big.png', 20 * MB + 1))).toEqual(badSize);
    expect(await upload(oapi, token, 'file', fileForm('huge.zip', 25 * MB))).toEqual(badSize);
    expect((await upload(oapi, token, 'voice', fileForm('talk.mp3', 2 * MB))).body.errcode).toBe(0);
    expect(await upload(oapi, token, 'voice', fileForm('talk.mp3', 2 * MB + 1))).toEqual(badSize);
    expect(await upload(oapi, token, 'file', fileForm('empty.pdf', 0))).toEqual(badSize);
    expect(sim.uploads.map((record) => record.errcode)).toEqual([0, 40006, 40006, 0, 40006, 40006]);
    // Some 70 MB go through the socket: a busy machine must not fail it for being slow.
  }, 30_000);

  it('refuses a bad token, and an app without qyapi_base, which every app has by default', async () => {
    const { sim, oapi, token } = await simWithToken({
      apps: [
        { clientId: 'dingnomedia', clientSecret: 's', permissions: [SEND_PERMISSION] },
        { clientId: 'dingdefault', clientSecret: 's' },
      ],
    });
    const [noMedia, withDefaults] = sim.apps;
    expect(withDefaults?.permissions).toContain(MEDIA_PERMISSION);

    expect(await upload(oapi, token, 'image', fileForm('photo.png', PNG))).toEqual({
      status: 200,
      body: { errcode: 88, errmsg: expect.stringContaining('subcode=60011'), sub_code: '60011', sub_msg: expect.stringContaining('[qyapi_base]') },
    });
    expect(noMedia?.permissions).toEqual([SEND_PERMISSION]);

    const invalid = { status: 200, body: { errcode: 40014, errmsg: '不合法的access_token' } };
    expect(await upload(oapi, 'not-a-token', 'image', fileForm('photo.png', PNG))).toEqual(invalid);
    const good = await tokenFor(oapi, { clientId: 'dingdefault', clientSecret: 's' });
    expect((await upload(oapi, good, 'image', fileForm('photo.png', PNG))).body.errcode).toBe(0);
    sim.revokeTokens();
    expect(await upload(oapi, good, 'image', fileForm('photo.png', PNG))).toEqual(invalid);
    expect(sim.uploads.map((record) => [record.clientId, record.errcode])).toEqual([
      ['dingnomedia', 88],
      [undefined, 40014],
      ['dingdefault', 0],
      [undefined, 40014],
    ]);
  });

  it('fails the next uploads on demand, visibly, then takes them again', async () => {
    const { sim, oapi, token } = await simWithToken();
    sim.failUploads(2);
    sim.failUploads(1, 500);

    const busy = { status: 200, body: { errcode: -1, errmsg: '系统繁忙' } };
    expect(await upload(oapi, token, 'image', fileForm('photo.png', PNG))).toEqual(busy);
    expect(await upload(oapi, token, 'image', fileForm('photo.png', PNG))).toEqual(busy);
    expect(await upload(oapi, token, 'image', fileForm('photo.png', PNG))).toEqual({ status: 500, body: { errcode: -1, errmsg: '系统繁忙' } });
    const next = await upload(oapi, token, 'image', fileForm('photo.png', PNG));

    expect(next.body).toMatchObject({ errcode: 0, media_id: expect.any(String) });
    expect(sim.uploads.map(({ status, errcode, injected }) => ({ status, errcode, injected }))).toEqual([
      { status: 200, errcode: -1, injected: true },
      { status: 200, errcode: -1, injected: true },
      { status: 500, errcode: -1, injected: true },
      { status: 200, errcode: 0, injected: false },
    ]);
  });
});
