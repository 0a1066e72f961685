// Văn bản gửi xuống: documents, directives and news this server sends to the wards, each ward's receipt, a form to
// publish (files go up first) and a withdrawal.
import { DeleteOutlined, FileOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Drawer, Form, Input, List, Popconfirm, Radio, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { ConsoleDocument, ConsoleUser, DocumentKind, UploadedFile } from '../../../../core/consoleApi';
import { consoleApi, uploadFile } from '../api';
import { formatDateTime, formatSize } from '../format';
import { DOCUMENT_KIND, DOCUMENT_KIND_COLOR } from '../strings';
import { useWards } from '../wards';

interface PublishForm {
  kind: DocumentKind;
  title: string;
  body: string;
  audienceMode: 'all' | 'chosen';
  wards: string[];
}

function Receipts({ doc }: { doc: ConsoleDocument }) {
  return (
    <Table
      size="small"
      rowKey="slotId"
      pagination={false}
      dataSource={doc.receipts}
      aria-label={`Đơn vị nhận: ${doc.title}`}
      style={{ maxWidth: 640 }}
      columns={[
        { title: 'Đơn vị', dataIndex: 'wardName' },
        {
          title: 'Đã nhận',
          dataIndex: 'receivedAt',
          render: (at: number | null) =>
            at ? (
              <Tag color="green">Đã nhận lúc {formatDateTime(at)}</Tag>
            ) : (
              <Tag color="default">Chưa nhận</Tag>
            ),
        },
      ]}
    />
  );
}

function PublishDrawer({ user, open, onClose }: { user: ConsoleUser; open: boolean; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const wards = useWards(user);
  const [form] = Form.useForm<PublishForm>();
  const mode = Form.useWatch('audienceMode', form);
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [uploading, setUploading] = useState(0);

  const publish = useMutation({
    mutationFn: (v: PublishForm) =>
      consoleApi.documents.publish({
        kind: v.kind,
        title: v.title,
        body: v.body ?? '',
        files: files.map((f) => ({ name: f.name, mime: f.mime, sha256: f.sha256 })),
        audience: v.audienceMode === 'all' ? 'all' : v.wards,
      }),
    onSuccess: (doc) => {
      message.success(`Đã gửi “${doc.title}” xuống các đơn vị. Đơn vị nhận được ở lần đồng bộ tới.`);
      form.resetFields();
      setFiles([]);
      onClose();
      void queryClient.invalidateQueries({ queryKey: ['documents.list'] });
    },
  });

  return (
    <Drawer
      title="Gửi văn bản xuống đơn vị"
      open={open}
      onClose={onClose}
      size={640}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>Hủy</Button>
          <Button type="primary" loading={publish.isPending} disabled={uploading > 0} onClick={() => form.submit()}>
            Gửi
          </Button>
        </Space>
      }
    >
      {publish.error && <Alert type="error" showIcon title={publish.error.message} style={{ marginBottom: 16 }} />}
      <Form<PublishForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'document', audienceMode: 'all', wards: [], body: '' }}
        onFinish={(v) => publish.mutate(v)}
        aria-label="Gửi văn bản"
      >
        <Form.Item label="Loại" name="kind">
          <Radio.Group
            optionType="button"
            options={(['document', 'directive', 'news'] as DocumentKind[]).map((k) => ({ value: k, label: DOCUMENT_KIND[k] }))}
          />
        </Form.Item>
        <Form.Item label="Tiêu đề" name="title" rules={[{ required: true, whitespace: true, message: 'Hãy nhập tiêu đề.' }]}>
          <Input maxLength={500} placeholder="Ví dụ: Hướng dẫn sinh hoạt chuyên đề quý IV năm 2026" />
        </Form.Item>
        <Form.Item label="Nội dung" name="body">
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 16 }} placeholder="Nội dung hoặc tóm tắt văn bản" />
        </Form.Item>
        <Form.Item label="Tệp đính kèm">
          <Upload
            multiple
            showUploadList={false}
            customRequest={async ({ file, onSuccess, onError }) => {
              setUploading((n) => n + 1);
              try {
                const up = await uploadFile(file as File);
                setFiles((list) => [...list.filter((f) => f.sha256 !== up.sha256), up]);
                onSuccess?.(up);
              } catch (error) {
                message.error((error as Error).message);
                onError?.(error as Error);
              } finally {
                setUploading((n) => n - 1);
              }
            }}
          >
            <Button icon={<UploadOutlined aria-hidden />} loading={uploading > 0}>
              {uploading > 0 ? 'Đang tải tệp lên…' : 'Chọn tệp'}
            </Button>
          </Upload>
          {files.length > 0 && (
            <List
              size="small"
              style={{ marginTop: 8 }}
              dataSource={files}
              aria-label="Tệp đã tải lên"
              renderItem={(f) => (
                <List.Item
                  actions={[
                    <Button
                      key="remove"
                      type="text"
                      size="small"
                      icon={<DeleteOutlined aria-hidden />}
                      aria-label={`Bỏ tệp ${f.name}`}
                      onClick={() => setFiles((list) => list.filter((x) => x.sha256 !== f.sha256))}
                    />,
                  ]}
                >
                  <span>
                    <PaperClipOutlined aria-hidden /> {f.name} <span className="muted">· {formatSize(f.size)}</span>
                  </span>
                </List.Item>
              )}
            />
          )}
        </Form.Item>
        <Form.Item label="Gửi đến" name="audienceMode">
          <Radio.Group
            options={[
              { value: 'all', label: user.scope === null ? 'Tất cả đơn vị' : 'Tất cả đơn vị được phân công' },
              { value: 'chosen', label: 'Các đơn vị được chọn' },
            ]}
          />
        </Form.Item>
        {mode === 'chosen' && (
          <Form.Item name="wards" label="Đơn vị nhận" rules={[{ type: 'array', min: 1, message: 'Hãy chọn ít nhất một đơn vị nhận.' }]}>
            <Select
              mode="multiple"
              aria-label="Đơn vị nhận"
              placeholder="Chọn đơn vị"
              loading={wards.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              options={(wards.data ?? []).map((w) => ({ value: w.slotId, label: w.name }))}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}

export function DocumentsPage({ user }: { user: ConsoleUser }) {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const docs = useQuery({ queryKey: ['documents.list'], queryFn: () => consoleApi.documents.list() });
  const [publishing, setPublishing] = useState(false);
  const canPublish = user.role !== 'viewer';
  const withdraw = useMutation({
    mutationFn: (doc: ConsoleDocument) => consoleApi.documents.withdraw({ id: doc.id }),
    onSuccess: (_, doc) => {
      message.success(`Đã thu hồi “${doc.title}”.`);
      void queryClient.invalidateQueries({ queryKey: ['documents.list'] });
    },
    onError: (error) => message.error(error.message),
  });

  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={2} className="page-title">
            Văn bản gửi xuống
          </Typography.Title>
          <div className="page-subtitle">Văn bản, chỉ thị và tin tức gửi xuống các đơn vị; đơn vị nhận được ở lần đồng bộ tới.</div>
        </div>
        {canPublish && (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setPublishing(true)}>
            Gửi văn bản mới
          </Button>
        )}
      </div>
      {docs.isError && <Alert type="error" showIcon title={docs.error.message} style={{ marginBottom: 16 }} />}
      <Table<ConsoleDocument>
        rowKey="id"
        loading={docs.isPending}
        dataSource={docs.data ?? []}
        aria-label="Văn bản gửi xuống"
        className="nowrap-head"
        pagination={(docs.data?.length ?? 0) > 30 ? { pageSize: 30, showSizeChanger: false } : false}
        locale={{ emptyText: 'Chưa gửi văn bản nào.' }}
        expandable={{
          expandedRowRender: (doc) => (
            <div style={{ padding: '4px 0' }}>
              {doc.body && (
                <Typography.Paragraph className="pre-line" style={{ maxWidth: 900 }} ellipsis={{ rows: 6, expandable: true, symbol: 'Xem thêm' }}>
                  {doc.body}
                </Typography.Paragraph>
              )}
              {doc.files.length > 0 && (
                <div style={{ marginBottom: 12 }}>
                  {doc.files.map((f) => (
                    <Tag key={f.sha256} icon={<FileOutlined aria-hidden />}>
                      {f.name} · {formatSize(f.size)}
                    </Tag>
                  ))}
                </div>
              )}
              <Receipts doc={doc} />
            </div>
          ),
          expandRowByClick: true,
        }}
        onRow={(d) => ({ 'data-document': d.title } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          {
            title: 'Loại',
            dataIndex: 'kind',
            width: 110,
            render: (k: DocumentKind) => <Tag color={DOCUMENT_KIND_COLOR[k]}>{DOCUMENT_KIND[k]}</Tag>,
          },
          {
            title: 'Tiêu đề',
            key: 'title',
            render: (_, d) => (
              <>
                <span style={{ fontWeight: 500, textDecoration: d.withdrawn ? 'line-through' : undefined }}>{d.title}</span>
                {d.withdrawn && (
                  <Tag color="default" style={{ marginLeft: 8 }}>
                    Đã thu hồi
                  </Tag>
                )}
                {d.version > 1 && <span className="muted"> · sửa lần {d.version - 1}</span>}
                {d.files.length > 0 && (
                  <div className="cell-note">
                    <PaperClipOutlined aria-hidden /> {d.files.length} tệp đính kèm
                  </div>
                )}
              </>
            ),
          },
          { title: 'Ngày gửi', dataIndex: 'publishedAt', render: (at: number) => <span className="num">{formatDateTime(at)}</span> },
          {
            title: 'Gửi đến',
            key: 'audience',
            render: (_, d) => <span className="nowrap">{d.audience === 'all' ? 'Tất cả đơn vị' : `${d.audience.length} đơn vị`}</span>,
          },
          {
            title: 'Đã nhận',
            key: 'receipts',
            render: (_, d) => {
              const got = d.receipts.filter((r) => r.receivedAt).length;
              if (d.receipts.length === 0) return <span className="muted">—</span>;
              return (
                <span className="num" data-testid="receipts">
                  <strong>
                    {got}/{d.receipts.length}
                  </strong>{' '}
                  đơn vị đã nhận
                </span>
              );
            },
          },
          ...(canPublish
            ? [
                {
                  title: '',
                  key: 'actions',
                  align: 'right' as const,
                  render: (_: unknown, d: ConsoleDocument) =>
                    d.withdrawn ? null : (
                      <span onClick={(e) => e.stopPropagation()}>
                        <Popconfirm
                          title={`Thu hồi “${d.title}”?`}
                          description="Văn bản sẽ được gỡ khỏi ứng dụng của các đơn vị ở lần đồng bộ tới."
                          okText="Thu hồi"
                          okButtonProps={{ danger: true }}
                          cancelText="Không"
                          onConfirm={() => withdraw.mutateAsync(d)}
                        >
                          <Button size="small" danger>
                            Thu hồi
                          </Button>
                        </Popconfirm>
                      </span>
                    ),
                },
              ]
            : []),
        ]}
      />
      {canPublish && <PublishDrawer user={user} open={publishing} onClose={() => setPublishing(false)} />}
    </>
  );
}
