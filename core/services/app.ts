// Thông tin ứng dụng: version, schema, data folder and the ward this installation keeps.
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import type { AppInfo } from '../api';
import type { ServiceContext } from '../context';
import { PRODUCT_NAME } from '../paths';
import { currentWardId } from './setup';

export function info(ctx: ServiceContext): AppInfo {
  const wardId = currentWardId(ctx);
  const ward = wardId
    ? (ctx.store.sqlite
        .prepare(
          `SELECT w.id, w.name, s.name AS superior_name
             FROM organisations w LEFT JOIN organisations s ON s.id = w.parent_id
            WHERE w.id = ?`,
        )
        .get(wardId) as { id: string; name: string; superior_name: string | null } | undefined)
    : undefined;
  return {
    productName: PRODUCT_NAME,
    version: ctx.appVersion,
    schemaVersion: LATEST_SCHEMA_VERSION,
    dataDir: ctx.dataDir,
    ward: ward ? { id: ward.id, name: ward.name, superiorName: ward.superior_name } : null,
    host: ctx.host === 'electron' ? 'electron' : 'preview',
  };
}
