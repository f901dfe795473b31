import { useEffect, useState } from 'react';
import { useApi, useConnected } from '../../hooks/api-context';
import { useMessages } from '../../i18n/i18n';
import { failureText } from '../../i18n/failure-words';
import { fileSize } from '../../format';
import type { Messages } from '../../i18n/en';
import type { Api } from '../../../../electron/contract/client';
import type { SimulatorEntry } from '../../../../electron/contract/window-shared';

type SentFile = NonNullable<SimulatorEntry['sentFile']>;

/** Larger pictures wait to be downloaded: each megabyte is a call of its own, for a picture no one may look at. */
const SHOWN_PICTURE_BYTES = 5 * 1024 * 1024;
/** The browser reads a download's address after the click returns: revoked at once, some find nothing to save. */
const REVOKE_AFTER_MS = 30_000;

/** Dingbridge answered with a piece from elsewhere in the file, or an empty one short of its end. */
class BrokenPiece extends Error {}

/** A sent file's bytes, read a piece at a time so no one message grows with the file. */
async function readSentFile(api: Api, channel: string, mediaId: string, onProgress?: (percent: number) => void): Promise<Blob> {
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const piece = await api['simulator.file']({ channel, mediaId, offset });
    const bytes = Uint8Array.from(atob(piece.dataBase64), (char) => char.charCodeAt(0));
    const end = offset + bytes.length;
    if (piece.offset !== offset || end > piece.bytes || (bytes.length === 0 && end < piece.bytes)) throw new BrokenPiece();
    pieces.push(bytes);
    offset = end;
    onProgress?.(piece.bytes === 0 ? 100 : Math.floor((offset * 100) / piece.bytes));
    if (offset === piece.bytes) return new Blob(pieces, { type: piece.mimeType });
  }
}

function unreadable(file: SentFile, failure: unknown, m: Messages): string {
  return m.simulator.sentFile.unreadable(file.name, failure instanceof BrokenPiece ? m.simulator.sentFile.brokenPiece : failureText(failure, m));
}

function FileIcon({ kind, title }: { kind: SentFile['kind']; title?: string }) {
  const s = useMessages().simulator.sentFile;
  return (
    <span className="file-icon" role="img" aria-label={kind === 'image' ? s.picture : s.file} title={title}>
      {kind === 'image' ? '🖼️' : '📄'}
    </span>
  );
}

/** A picture as DingTalk shows it, read from the simulator once it is on screen. */
function Picture({ channel, file }: { channel: string; file: SentFile }) {
  const api = useApi();
  const m = useMessages();
  const [picture, setPicture] = useState<{ url: string } | { failure: unknown }>();
  useEffect(() => {
    let url: string | undefined;
    let gone = false;
    readSentFile(api, channel, file.mediaId).then(
      (blob) => {
        if (gone) return;
        url = URL.createObjectURL(blob);
        setPicture({ url });
      },
      (failure: unknown) => {
        if (!gone) setPicture({ failure });
      },
    );
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, channel, file.mediaId]);

  if (!picture) return <FileIcon kind="image" title={m.simulator.sentFile.loading} />;
  if ('url' in picture) return <img className="thumbnail" src={picture.url} alt={file.name} title={file.name} />;
  return (
    <>
      <FileIcon kind="image" />
      <p className="error" role="alert">
        {unreadable(file, picture.failure, m)}
      </p>
    </>
  );
}

/** Reads the whole file and hands it to the browser to save under its name, saying how far it has got meanwhile. */
function Download({ channel, file }: { channel: string; file: SentFile }) {
  const api = useApi();
  const m = useMessages();
  const s = m.simulator.sentFile;
  const connected = useConnected();
  const [state, setState] = useState<{ percent: number } | { failure: unknown }>();
  const reading = state !== undefined && 'percent' in state;

  const download = async () => {
    setState({ percent: 0 });
    try {
      const blob = await readSentFile(api, channel, file.mediaId, (percent) => setState({ percent }));
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
      setState(undefined);
    } catch (failure) {
      setState({ failure });
    }
  };

  return (
    <>
      <p className="row">
        <button type="button" className="button" disabled={!connected || reading} title={connected ? undefined : m.offline.actionsOff} onClick={() => void download()}>
          {s.download}
        </button>
        {reading ? (
          <span className="muted" role="status">
            {s.downloading(state.percent)}
          </span>
        ) : null}
      </p>
      {state && 'failure' in state ? (
        <p className="error" role="alert">
          {unreadable(file, state.failure, m)}
        </p>
      ) : null}
    </>
  );
}

/**
 * A picture or file the bot sent, as DingTalk shows it: a picture as itself (or its icon, when too large to read
 * unasked), a file by its icon, name and size, to download; and where DingTalk would show nothing, says so.
 */
export function FileBubble({ channel, file }: { channel: string; file: SentFile }) {
  const m = useMessages();
  const s = m.simulator.sentFile;
  if (!file.shown) return <p className="muted">{s.notShown(file.name)}</p>;
  const facts = (
    <span className="file-facts">
      <span className="file-name">{file.name}</span> <span className="muted">{fileSize(file.bytes, m)}</span>
    </span>
  );
  if (file.kind === 'image' && file.bytes <= SHOWN_PICTURE_BYTES) {
    return (
      <div className="sent-file">
        <Picture channel={channel} file={file} />
        {facts}
      </div>
    );
  }
  return (
    <div className="sent-file">
      <div className="file-card">
        <FileIcon kind={file.kind} title={file.kind === 'image' ? s.tooLargeToShow : undefined} />
        {facts}
      </div>
      <Download channel={channel} file={file} />
    </div>
  );
}
