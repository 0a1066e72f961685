// Every schema version in order. A new version is a new file here; versions only go up.
import { migration001 } from './001-initial';
import { migration002 } from './002-members-meetings';
import { migration003 } from './003-member-records';
import { migration004 } from './004-meetings';
import { migration005 } from './005-member-list';
import { migration006 } from './006-sync';
import type { Migration } from './types';

export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006];
export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
export type { Migration };
