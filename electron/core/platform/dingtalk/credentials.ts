/** What identifies one bot to DingTalk. robotCode equals the AppKey for apps built inside an organisation. */
export interface BotCredentials {
  clientId: string;
  clientSecret: string;
  robotCode: string;
}
