// Văn bản: what the superior committee sends down (documents, directives, news), newest first, unread ones marked. Opening
// one marks it read; its files download from this machine once they have arrived.
import { FileTextOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Drawer, Empty, List, Result, Segmented, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { SuperiorDocument } from '../../../core/api';
import { api } from '../api';
import { saveBase64 } from '../download';
import { errorText } from '../forms';
import { formatDateTime, formatNumber } from '../format';
import { DOCUMENT_KIND } from '../sync/strings';

type Filter = 'all' | SuperiorDocument['kind'];

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

export function DocumentsPage() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const documents = useQuery({ queryKey: ['documents.list'], queryFn: () => api.documents.list() });
  const [filter, setFilter] = useState<Filter>('all');
  const [openId, setOpenId] = useState<string | null>(null);
  const markRead = useMutation({
    mutationFn: (id: string) => api.documents.markRead({ id }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['documents.list'] }),
  });
  const download = useMutation({
    mutationFn: (input: { id: string; sha256: string }) => api.documents.file(input),
    onSuccess: (file) => saveBase64(file.fileName, file.data, file.mime),
    onError: (error) => void message.error(errorText(error)),
  });

  const shown = useMemo(() => (documents.data ?? []).filter((d) => filter === 'all' || d.kind === filter), [documents.data, filter]);
  const open = documents.data?.find((d) => d.id === openId) ?? null;
  const unread = (documents.data ?? []).filter((d) => d.readAt === null).length;

  if (documents.isError) return <Result status="warning" title="Không đọc được văn bản" subTitle={errorText(documents.error)} />;
  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={3} className="page-title">
            Văn bản của cấp trên
          </Typography.Title>
          <div className="page-subtitle">
            Văn bản, chỉ đạo và tin tức cấp ủy cấp trên gửi về qua đồng bộ{unread > 0 ? ` · ${formatNumber(unread)} chưa đọc` : ''}.
          </div>
        </div>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: 'Tất cả' },
            { value: 'document', label: 'Văn bản' },
            { value: 'directive', label: 'Chỉ đạo' },
            { value: 'news', label: 'Tin tức' },
          ]}
        />
      </div>
      <Card loading={documents.isPending}>
        <List
          dataSource={shown}
          locale={{ emptyText: <Empty description="Chưa có văn bản nào từ cấp trên. Văn bản về sau mỗi lần đồng bộ." /> }}
          renderItem={(d) => (
            <List.Item
              data-testid="superior-document"
              style={{ cursor: 'pointer' }}
              onClick={() => {
                setOpenId(d.id);
                if (d.readAt === null) markRead.mutate(d.id);
              }}
              extra={<Typography.Text type="secondary">{formatDateTime(d.publishedAt)}</Typography.Text>}
            >
              <List.Item.Meta
                avatar={<FileTextOutlined aria-hidden style={{ fontSize: 20, color: '#a3141f', marginTop: 4 }} />}
                title={
                  <Space size={8}>
                    {d.readAt === null && <Badge status="processing" aria-label="Chưa đọc" />}
                    <Tag color={DOCUMENT_KIND[d.kind].color}>{DOCUMENT_KIND[d.kind].label}</Tag>
                    <span style={{ fontWeight: d.readAt === null ? 600 : 400 }}>{d.title}</span>
                  </Space>
                }
                description={
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {d.body}
                    {d.files.length > 0 ? ` · ${d.files.length} tệp đính kèm` : ''}
                  </Typography.Paragraph>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <Drawer open={open !== null} onClose={() => setOpenId(null)} title={open?.title} size={640} destroyOnHidden>
        {open && (
          <>
            <Space style={{ marginBottom: 16 }}>
              <Tag color={DOCUMENT_KIND[open.kind].color}>{DOCUMENT_KIND[open.kind].label}</Tag>
              <Typography.Text type="secondary">Gửi ngày {formatDateTime(open.publishedAt)}</Typography.Text>
            </Space>
            <Typography.Paragraph style={{ whiteSpace: 'pre-line', fontSize: 15, lineHeight: 1.7 }}>{open.body}</Typography.Paragraph>
            {open.files.length > 0 && (
              <List
                header={<Typography.Text strong>Tệp đính kèm</Typography.Text>}
                dataSource={open.files}
                renderItem={(f) => (
                  <List.Item
                    actions={[
                      f.available ? (
                        <Button key="get" size="small" onClick={() => download.mutate({ id: open.id, sha256: f.sha256 })}>
                          Tải về
                        </Button>
                      ) : (
                        <Typography.Text key="wait" type="secondary">
                          Chưa về máy
                        </Typography.Text>
                      ),
                    ]}
                  >
                    <Space>
                      <PaperClipOutlined aria-hidden />
                      {f.name}
                      <Typography.Text type="secondary">{size(f.size)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </>
        )}
      </Drawer>
    </>
  );
}
