import { z } from 'zod';

export const DEFAULT_ENDPOINTS = {
  api: 'https://api.dingtalk.com',
  oapi: 'https://oapi.dingtalk.com',
} as const;

const baseUrl = z
  .string()
  .trim()
  .url('must be an http(s) URL such as https://api.dingtalk.com')
  .refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''));

/** Where the channel reaches DingTalk: its own hosts by default, a proxy, a private gateway or a local fake. */
export const EndpointsSchema = z.object({
  api: baseUrl.default(DEFAULT_ENDPOINTS.api),
  oapi: baseUrl.default(DEFAULT_ENDPOINTS.oapi),
});

export type Endpoints = z.output<typeof EndpointsSchema>;

export const gatewayUrl = (endpoints: Endpoints): string => `${endpoints.api}/v1.0/gateway/connections/open`;
