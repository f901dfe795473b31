/** A file a person sent, saved in the channel's inbox folder by the platform that fetched it. */
export interface DownloadedFile {
  path: string;
  fileName: string;
  mimeType: string;
  bytes: number;
}
