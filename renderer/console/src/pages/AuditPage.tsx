// Nhật ký: every action on the console and what came from the wards and the command line, newest first, a page at a
// time ("Xem cũ hơn" asks for what came before the last one shown).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import type { ConsoleAuditRow } from '../../../../core/consoleApi';
import { consoleApi } from '../api';
import { formatDateTime } from '../format';

const PAGE = 100;

export function AuditPage() {
  const [actor, setActor] = useState('');
  const audit = useInfiniteQuery({
    queryKey: ['audit.list', actor],
    queryFn: ({ pageParam }) => consoleApi.audit.list({ before: pageParam, limit: PAGE, actor: actor || undefined }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last.at(-1)!.id),
  });
  const rows = audit.data?.pages.flat() ?? [];
  // A ward's actions are logged as 'site:<slot id or name>'; the sites list names the slot.
  const sites = useQuery({ queryKey: ['sites.list'], queryFn: () => consoleApi.sites.list() });
  const siteName = new Map((sites.data ?? []).map((s) => [s.slotId, s.organisationName ?? s.name]));
  const actorText = (a: string) => {
    if (a === 'admin') return 'Quản trị máy chủ (dòng lệnh)';
    if (a.startsWith('site:')) {
      const who = a.slice(5);
      // A slot id the sites list names, a ward's name, or an installation's long id (shortened: the summary names the ward).
      return siteName.get(who) ?? (/^[0-9a-f-]{32,}$/i.test(who) ? `Đơn vị (máy ${who.slice(-8)})` : who);
    }
    return a;
  };
  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={2} className="page-title">
            Nhật ký
          </Typography.Title>
          <div className="page-subtitle">Mọi thao tác trên trang quản lý, của các đơn vị khi đồng bộ và của người quản trị máy chủ.</div>
        </div>
        <Input.Search
          allowClear
          placeholder="Lọc theo người thực hiện"
          aria-label="Người thực hiện"
          style={{ width: 280 }}
          onSearch={(v) => setActor(v.trim())}
        />
      </div>
      {audit.isError && <Alert type="error" showIcon title={audit.error.message} style={{ marginBottom: 16 }} />}
      <Table<ConsoleAuditRow>
        rowKey="id"
        size="small"
        loading={audit.isFetching && !audit.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        aria-label="Nhật ký"
        locale={{ emptyText: 'Chưa có thao tác nào.' }}
        columns={[
          { title: 'Thời điểm', dataIndex: 'at', width: 170, render: (at: number) => <span className="num">{formatDateTime(at)}</span> },
          {
            title: 'Người thực hiện',
            dataIndex: 'actor',
            width: 300,
            render: (a: string) => actorText(a),
          },
          { title: 'Nội dung', dataIndex: 'summary', render: (s: string) => s },
        ]}
      />
      {audit.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
            Xem cũ hơn
          </Button>
        </div>
      )}
    </>
  );
}
