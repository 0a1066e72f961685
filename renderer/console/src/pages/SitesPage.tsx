// Đơn vị: the wards that sync with this server, their state, last sync and version. An administrator adds a ward (its
// one-time enrolment code is shown once) and revokes one.
import { CopyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { ConsoleSite, ConsoleUser, CreatedConsoleSite } from '../../../../core/consoleApi';
import { useNow } from '../../../src/meetings/useNow';
import { consoleApi } from '../api';
import { ago, compareVietnamese, formatDateTime, formatNumber } from '../format';
import { SITE_STATE, SITE_STATE_COLOR } from '../strings';

function CodeModal({ created, name, onClose }: { created: (CreatedConsoleSite & { name: string }) | null; name: string; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.code);
      message.success('Đã chép mã đăng ký.');
    } catch {
      message.error('Trình duyệt không cho chép; hãy bôi đen mã và chép tay.');
    }
  };
  return (
    <Modal
      title={`Mã đăng ký của ${name}`}
      open={Boolean(created)}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          Đã ghi lại mã
        </Button>
      }
    >
      {created && (
        <>
          <Alert type="warning" showIcon title="Mã chỉ hiện một lần. Hãy chép hoặc ghi lại trước khi đóng cửa sổ này." />
          <div className="code-box" data-testid="enrol-code">
            {created.code}
          </div>
          <div style={{ textAlign: 'center', marginBottom: 12 }}>
            <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copy()}>
              Chép mã
            </Button>
          </div>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            Mã dùng được đến {formatDateTime(created.expiresAt)}. Cán bộ văn phòng của đơn vị nhập mã này trong ứng dụng Chi bộ số, mục Đồng bộ, để kết nối
            với máy chủ.
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}

export function SitesPage({ user }: { user: ConsoleUser }) {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const admin = user.role === 'admin';
  const sites = useQuery({ queryKey: ['sites.list'], queryFn: () => consoleApi.sites.list() });
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<(CreatedConsoleSite & { name: string }) | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const create = useMutation({
    mutationFn: (name: string) => consoleApi.sites.create({ name }),
    onSuccess: (result, name) => {
      setAdding(false);
      form.resetFields();
      setCreated({ ...result, name });
      void queryClient.invalidateQueries({ queryKey: ['sites.list'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (site: ConsoleSite) => consoleApi.sites.revoke({ slotId: site.slotId }),
    onSuccess: (_, site) => {
      message.success(`Đã thu hồi quyền đồng bộ của ${site.name}.`);
      void queryClient.invalidateQueries({ queryKey: ['sites.list'] });
    },
    onError: (error) => message.error(error.message),
  });

  const rows = [...(sites.data ?? [])].sort((a, b) => compareVietnamese(a.name, b.name));
  const now = useNow();

  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={2} className="page-title">
            Đơn vị
          </Typography.Title>
          <div className="page-subtitle">
            Các đảng bộ phường, xã đồng bộ với máy chủ này: trạng thái kết nối, lần đồng bộ gần nhất và phiên bản ứng dụng.
          </div>
        </div>
        {admin && (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            Thêm đơn vị
          </Button>
        )}
      </div>
      {sites.isError && <Alert type="error" showIcon title={sites.error.message} style={{ marginBottom: 16 }} />}
      <Table<ConsoleSite>
        rowKey="slotId"
        loading={sites.isPending}
        dataSource={rows}
        className="nowrap-head"
        aria-label="Đơn vị"
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: admin ? 'Chưa có đơn vị nào. Bấm “Thêm đơn vị” để tạo mã đăng ký cho đơn vị đầu tiên.' : 'Chưa có đơn vị nào.' }}
        onRow={(s) => ({ 'data-site': s.name } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          {
            title: 'Đơn vị',
            key: 'name',
            render: (_, s) => (
              <>
                <div style={{ fontWeight: 500 }}>{s.organisationName ?? s.name}</div>
                {s.organisationName && s.organisationName !== s.name && <div className="cell-note">Tên khi tạo: {s.name}</div>}
              </>
            ),
          },
          {
            title: 'Trạng thái',
            key: 'state',
            render: (_, s) => (
              <>
                <Tag color={SITE_STATE_COLOR[s.state]} data-state={s.state}>
                  {SITE_STATE[s.state]}
                </Tag>
                {s.epochs > 1 && (
                  <Tooltip title="Đơn vị đã đồng bộ từ hơn một bản dữ liệu: có thể đã khôi phục bản sao lưu hoặc sao chép cài đặt sang máy khác.">
                    <Tag color="orange">{s.epochs} bản dữ liệu</Tag>
                  </Tooltip>
                )}
                <div className="cell-note">
                  {s.state === 'waiting' && `Mã dùng được đến ${formatDateTime(s.codeExpiresAt)}`}
                  {s.state === 'expired' && `Mã hết hạn lúc ${formatDateTime(s.codeExpiresAt)}`}
                  {s.state === 'enrolled' && s.enrolledAt && `Kết nối từ ${formatDateTime(s.enrolledAt)}`}
                  {s.state === 'revoked' && s.revokedAt && `Thu hồi lúc ${formatDateTime(s.revokedAt)}`}
                </div>
              </>
            ),
          },
          {
            title: 'Đồng bộ gần nhất',
            key: 'lastSeenAt',
            render: (_, s) =>
              s.lastSeenAt ? (
                <>
                  <div className="num">{formatDateTime(s.lastSeenAt)}</div>
                  <div className="cell-note">{ago(s.lastSeenAt, now)}</div>
                </>
              ) : (
                <span className="muted">Chưa đồng bộ</span>
              ),
          },
          {
            title: 'Gửi dữ liệu lên gần nhất',
            key: 'lastPushAt',
            render: (_, s) => (s.lastPushAt ? <span className="num">{formatDateTime(s.lastPushAt)}</span> : <span className="muted">—</span>),
          },
          { title: 'Phiên bản', dataIndex: 'appVersion', render: (v: string | null) => v ?? <span className="muted">—</span> },
          { title: 'Chi bộ', dataIndex: 'branches', align: 'right', render: (n: number) => <span className="num">{formatNumber(n)}</span> },
          ...(admin
            ? [
                {
                  title: '',
                  key: 'actions',
                  align: 'right' as const,
                  render: (_: unknown, s: ConsoleSite) =>
                    s.state === 'revoked' ? null : (
                      <Popconfirm
                        title={`Thu hồi quyền đồng bộ của ${s.organisationName ?? s.name}?`}
                        description="Lần đồng bộ kế tiếp của đơn vị sẽ bị từ chối. Muốn kết nối lại phải tạo đơn vị mới."
                        okText="Thu hồi"
                        okButtonProps={{ danger: true }}
                        cancelText="Không"
                        onConfirm={() => revoke.mutateAsync(s)}
                      >
                        <Button danger size="small" icon={<StopOutlined aria-hidden />}>
                          Thu hồi
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />

      <Modal
        title="Thêm đơn vị"
        open={adding}
        onCancel={() => setAdding(false)}
        okText="Tạo mã đăng ký"
        cancelText="Hủy"
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          Máy chủ tạo một mã đăng ký dùng một lần cho đơn vị. Đơn vị nhập mã trong ứng dụng để kết nối.
        </Typography.Paragraph>
        {create.error && <Alert type="error" showIcon title={create.error.message} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => create.mutate(v.name.trim())}>
          <Form.Item label="Tên đơn vị" name="name" rules={[{ required: true, whitespace: true, message: 'Hãy đặt tên cho đơn vị.' }]}>
            <Input placeholder="Ví dụ: Đảng bộ phường Hồng Hà" autoFocus maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
      <CodeModal created={created} name={created?.name ?? ''} onClose={() => setCreated(null)} />
    </>
  );
}
