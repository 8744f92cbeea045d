import { ValidationError } from '../common/errors';
import { LINKEDIN_HOSTS, parseSourceUrl, SourceUrlError, type CampaignSource } from './source-url';
import type { SourceType } from './campaign.dto';

/** What a campaign stores about its source: the parsed URL, or a note that leads come from files. */
export type StoredSource = (CampaignSource | { type: 'csv' }) & Record<string, unknown>;

const SOURCE_DESCRIPTIONS: Record<SourceType, string> = {
  search: 'a people search',
  reactions: 'the post whose reactions are the leads',
  comments: 'the post whose comments are the leads',
  event: 'the event whose attendees are the leads',
  csv: 'lead files',
};

/** Where a campaign of `type` finds its leads, in words for messages. */
export function describeSource(type: SourceType): string {
  return SOURCE_DESCRIPTIONS[type];
}

/** LinkedIn, plus the host the engine is pointed at (the simulator in tests and the demo). */
export function allowedSourceHosts(linkedinBaseUrl: string): string[] {
  return [...new Set([...LINKEDIN_HOSTS, new URL(linkedinBaseUrl).host])];
}

/** Checks and normalizes a campaign's source; a bad URL is a 400 naming `source.url`. */
export function readCampaignSource(
  input: { type: SourceType; url?: string },
  allowedHosts: string[],
): StoredSource {
  if (input.type === 'csv') {
    return { type: 'csv' };
  }
  if (input.url === undefined || input.url.trim() === '') {
    throw new ValidationError(
      `source.url is required when source.type is ${input.type}: the URL of ${describeSource(input.type)}`,
      { field: 'source.url' },
    );
  }
  try {
    return parseSourceUrl(input.type, input.url, { allowedHosts });
  } catch (error) {
    if (error instanceof SourceUrlError) {
      throw new ValidationError(`source.url: ${error.message}`, {
        field: 'source.url',
        reason: error.reason,
      });
    }
    throw error;
  }
}
