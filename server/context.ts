// What every part of the server works with: the database, the data folder (blobs live there) and the clock. Passed
// in, never global, so tests run several servers side by side and move time as they please.
import type { ServerKysely } from './db';
import type { SitesTable } from './schema';

export interface SyncEnv {
  db: ServerKysely;
  dataDir: string;
  /** Milliseconds since the epoch. */
  clock: () => number;
}

/** An enrolled site, as the signature check found it. */
export type EnrolledSite = SitesTable & {
  site_id: string;
  public_key: string;
  /** The time a signed request claims (chibo-time), on the server's clock as the site knows it; absent for a signed
   *  file. */
  signed_at?: number;
};

/** The audiences a site belongs to in the change log: everyone, itself (by site or slot id), its organisation. */
export function audiencesOf(site: EnrolledSite): string[] {
  return ['*', site.site_id, site.slot_id, ...(site.organisation_id ? [site.organisation_id] : [])];
}
