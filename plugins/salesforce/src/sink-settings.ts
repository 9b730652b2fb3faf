import { ConfigError, tokenOrOAuth, type TokenOrOAuth } from '@datong/sdk';
import type { SalesforceConfig } from './generated/config.js';

/** The config with its defaults filled in and its one-of (OAuth or a plain token) decided. */
export interface SinkSettings {
  loginUrl: string;
  /** Given in the config: the API host (with accessToken always; with OAuth it overrides the token answer's). */
  instanceUrl?: string;
  apiVersion: string;
  externalIdField: string;
  contactLookupField: string;
  bulkThreshold: number;
  bulkPollIntervalMs: number;
  bulkTimeoutMs: number;
  maxRequestsPerSecond: number;
  concurrency: number;
  usageWarnPercent: number;
  credentials: TokenOrOAuth;
}

/**
 * Reads the config the engine validated against the schema and decides what the schema cannot
 * say on its own: exactly one way to authenticate, each field named when it is missing.
 */
export function sinkSettings(config: SalesforceConfig): SinkSettings {
  const credentials = tokenOrOAuth(config, 'accessToken (with instanceUrl)');
  if (credentials.kind === 'token' && config.instanceUrl === undefined) {
    throw problem('accessToken needs instanceUrl: the org\'s API host, e.g. https://MyDomainName.my.salesforce.com', '/instanceUrl');
  }
  return {
    loginUrl: httpUrl(config.loginUrl ?? 'https://login.salesforce.com', '/loginUrl'),
    instanceUrl: config.instanceUrl === undefined ? undefined : httpUrl(config.instanceUrl, '/instanceUrl'),
    apiVersion: config.apiVersion ?? '62.0',
    externalIdField: config.externalIdField ?? 'Datong_Key__c',
    contactLookupField: config.contactLookupField ?? 'Datong_Contact__c',
    bulkThreshold: config.bulkThreshold ?? 2000,
    bulkPollIntervalMs: config.bulkPollIntervalMs ?? 2000,
    bulkTimeoutMs: config.bulkTimeoutMs ?? 600_000,
    maxRequestsPerSecond: config.maxRequestsPerSecond ?? 25,
    concurrency: config.concurrency ?? 2,
    usageWarnPercent: config.usageWarnPercent ?? 90,
    credentials,
  };
}

function httpUrl(value: string, pointer: string): string {
  const url = value.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw problem(`${url} is not an http(s) URL`, pointer);
  return url;
}

function problem(message: string, pointer: string): ConfigError {
  return new ConfigError([{ pointer, message }]);
}
