/** Between an organisation's corpId and a staffId in the key of someone from another organisation than the bot's. */
export const ORGANISATION_SEPARATOR = '/';

/**
 * Whether the sender belongs to another organisation than the bot (`senderCorpId` against `chatbotCorpId`). When
 * DingTalk names only one of them, or neither, the sender counts as the bot's own, as every sender did before.
 */
export function fromOtherOrganisation(senderCorpId: string | undefined, botCorpId: string | undefined): boolean {
  return senderCorpId !== undefined && botCorpId !== undefined && senderCorpId !== botCorpId;
}

/**
 * Who a sender is to Dingbridge: what allowlists, pairings and sessions key on. `id` is the staffId, or the encrypted
 * senderId when DingTalk gives none. A staffId is unique only within one organisation, so someone from another
 * organisation is `corpId/staffId`; the bot's own people keep their bare staffId, so allowlists and approvals written
 * before organisations were told apart still mean them, and only them.
 */
export function senderKey(id: string, senderCorpId: string | undefined, botCorpId: string | undefined): string {
  return fromOtherOrganisation(senderCorpId, botCorpId) ? `${senderCorpId}${ORGANISATION_SEPARATOR}${id}` : id;
}
