import { afterEach } from 'vitest';
import { DingTalkSimulator, type DingTalkSimulatorOptions, type SimulatedApp } from '../../../../electron/core/platform/simulator/dingtalk/index.js';

export const MB = 1024 * 1024;

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

let sims: DingTalkSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((sim) => sim.stop()));
  sims = [];
});

export async function startSim(options: DingTalkSimulatorOptions = {}): Promise<DingTalkSimulator> {
  const sim = new DingTalkSimulator({ pingIntervalMs: 0, ...options });
  sims.push(sim);
  await sim.start();
  return sim;
}

async function answerOf(res: Response): Promise<JsonAnswer> {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A token from the oapi host, which serves the same token pool as the api host. */
export async function tokenFor(oapi: string, app: Pick<SimulatedApp, 'clientId' | 'clientSecret'>): Promise<string> {
  const res = await fetch(`${oapi}/gettoken?appkey=${app.clientId}&appsecret=${app.clientSecret}`);
  return String((await answerOf(res)).body.access_token);
}

/** A form of one file part, as a client uploading `name` sends it. */
export function fileForm(name: string, bytes: Uint8Array | number, field = 'media'): FormData {
  const form = new FormData();
  form.append(field, new Blob([typeof bytes === 'number' ? new Uint8Array(bytes) : bytes]), name);
  return form;
}

export async function upload(oapi: string, token: string, type: string | undefined, body: FormData | string): Promise<JsonAnswer> {
  const query = new URLSearchParams({ access_token: token, ...(type === undefined ? {} : { type }) });
  const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': 'application/json' } : {};
  return answerOf(await fetch(`${oapi}/media/upload?${query}`, { method: 'POST', body, headers }));
}

/** Uploads a file and returns its media id, failing the test when the stand-in refuses it. */
export async function uploaded(oapi: string, token: string, type: string, name: string, bytes: Uint8Array | number): Promise<string> {
  const answer = await upload(oapi, token, type, fileForm(name, bytes));
  if (answer.body.errcode !== 0) throw new Error(`upload of ${name} refused: ${JSON.stringify(answer.body)}`);
  return String(answer.body.media_id);
}

/** A v1.0 robot API call with the token in its header. */
export async function robotApi(api: string, token: string, route: 'oToMessages/batchSend' | 'groupMessages/send', body: unknown): Promise<JsonAnswer> {
  const res = await fetch(`${api}/v1.0/robot/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
    body: JSON.stringify(body),
  });
  return answerOf(res);
}
