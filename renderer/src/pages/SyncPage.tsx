// Đồng bộ: where this ward stands with its superior committee's server. The state and the last success, what waits to be
// sent (by kind of record), what the server refused and why, a progress bar while a cycle runs; enrolment with the
// one-time code; sync by file for a machine with no network.
import { CloudSyncOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Progress, Result, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect } from 'react';
import type { SyncStatus } from '../../../core/api';
import { api } from '../api';
import { readAsBase64, saveBase64 } from '../download';
import { errorText, showFieldErrors } from '../forms';
import { formatDateTime, formatNumber } from '../format';
import { isOffice, useSessionUser } from '../session';
import { SYNC_PHASE, SYNC_STATE, TABLE_LABEL } from '../sync/strings';

const STATUS_KEY = ['sync.status'] as const;

function useSyncStatus() {
  const queryClient = useQueryClient();
  useEffect(() => api.subscribe('sync.changed', (status) => queryClient.setQueryData(STATUS_KEY, status)), [queryClient]);
  return useQuery({ queryKey: STATUS_KEY, queryFn: () => api.sync.status(), refetchInterval: 30_000 });
}

function EnrolForm() {
  const [form] = Form.useForm<{ serverUrl: string; code: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const enrol = useMutation({
    mutationFn: (values: { serverUrl: string; code: string }) => api.sync.enrol(values),
    onSuccess: (status) => {
      queryClient.setQueryData(STATUS_KEY, status);
      void message.success(`Đã đăng ký với ${status.serverName ?? 'máy chủ cấp trên'}. Hồ sơ đang được gửi lên.`);
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Card title="Đăng ký với máy chủ cấp trên">
      <Typography.Paragraph type="secondary">
        Văn phòng cấp ủy cấp trên cấp cho mỗi đảng bộ một mã đăng ký dùng một lần (dạng XXXX-XXXX-XXXX) và địa chỉ máy chủ. Sau khi
        đăng ký, hồ sơ của đảng bộ tự động được gửi lên và văn bản, góp ý của cấp trên tự động về máy này.
      </Typography.Paragraph>
      {enrol.error && <Alert type="error" showIcon title={errorText(enrol.error)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => enrol.mutate(v)} style={{ maxWidth: 520 }}>
        <Form.Item label="Địa chỉ máy chủ" name="serverUrl" rules={[{ required: true, message: 'Hãy nhập địa chỉ máy chủ.' }]}>
          <Input placeholder="https://dongbo.thanhuy.hanoi.gov.vn" autoComplete="off" />
        </Form.Item>
        <Form.Item label="Mã đăng ký" name="code" rules={[{ required: true, message: 'Hãy nhập mã đăng ký.' }]}>
          <Input placeholder="XXXX-XXXX-XXXX" autoComplete="off" style={{ width: 220, fontFamily: 'monospace' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={enrol.isPending}>
          Đăng ký
        </Button>
      </Form>
    </Card>
  );
}

function StatusCard({ status, canRun }: { status: SyncStatus; canRun: boolean }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const now = useMutation({
    mutationFn: () => api.sync.now(),
    onSuccess: (s) => queryClient.setQueryData(STATUS_KEY, s),
    onError: (error) => void message.error(errorText(error)),
  });
  const state = SYNC_STATE[status.state];
  const p = status.progress;
  return (
    <Card
      title={
        <Space>
          <CloudSyncOutlined aria-hidden />
          Trạng thái đồng bộ
          <Tag color={state.color} data-testid="sync-state">
            {state.label}
          </Tag>
        </Space>
      }
      extra={
        canRun && (
          <Button type="primary" onClick={() => now.mutate()} loading={now.isPending || status.state === 'syncing'} disabled={status.state === 'revoked'}>
            Đồng bộ ngay
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{state.hint}</Typography.Paragraph>
      {status.lastError && status.state !== 'idle' && (
        <Alert type={status.state === 'offline' ? 'warning' : 'error'} showIcon title={status.lastError} style={{ marginBottom: 16 }} data-testid="sync-error" />
      )}
      {p && (
        <div style={{ marginBottom: 16 }} data-testid="sync-progress">
          <Typography.Text>
            {SYNC_PHASE[p.phase]}: {formatNumber(p.done)}/{formatNumber(p.total)}
          </Typography.Text>
          <Progress percent={p.total > 0 ? Math.round((p.done / p.total) * 100) : 0} status="active" />
        </div>
      )}
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label="Máy chủ">{status.serverName ? `${status.serverName} (${status.serverUrl})` : status.serverUrl}</Descriptions.Item>
        <Descriptions.Item label="Lần đồng bộ thành công gần nhất">
          <span data-testid="sync-last-success">{status.lastSuccessAt ? formatDateTime(status.lastSuccessAt) : 'Chưa có'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Lần thử gần nhất">{status.lastAttemptAt ? formatDateTime(status.lastAttemptAt) : 'Chưa có'}</Descriptions.Item>
        <Descriptions.Item label="Lần thử tới">{status.nextAttemptAt ? formatDateTime(status.nextAttemptAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label="Đang chờ gửi">
          <span data-testid="sync-waiting">{formatNumber(status.waiting)} thay đổi</span>
        </Descriptions.Item>
        <Descriptions.Item label="Mã đơn vị đồng bộ">
          <Typography.Text type="secondary" copyable={status.siteId ? { text: status.siteId } : false} style={{ fontSize: 12 }}>
            {status.siteId ?? '—'}
            {status.epoch && status.epoch > 1 ? ` · lượt ${status.epoch}` : ''}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function FileSync({ canRun }: { canRun: boolean }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const exportFile = useMutation({
    mutationFn: () => api.sync.exportFile(),
    onSuccess: (file) => saveBase64(file.fileName, file.data, 'application/octet-stream'),
    onError: (error) => void message.error(errorText(error)),
  });
  const importFile = useMutation({
    mutationFn: async (file: File) => api.sync.importFile({ fileName: file.name, data: await readAsBase64(file) }),
    onSuccess: (result) => {
      queryClient.setQueryData(STATUS_KEY, result.status);
      void queryClient.invalidateQueries();
      void message.success(result.summary);
    },
    onError: (error) => void message.error(errorText(error)),
  });
  return (
    <Card title="Đồng bộ bằng tệp">
      <Typography.Paragraph type="secondary">
        Khi máy không có mạng: xuất tệp đồng bộ, chép sang máy có mạng hoặc gửi cho văn phòng cấp trên; họ nhập tệp và gửi lại tệp trả
        lời để nhập vào đây. Tệp được ký bằng khóa của máy này; tệp bị sửa sẽ bị từ chối, nhập một tệp hai lần không làm thay đổi gì.
      </Typography.Paragraph>
      <Space wrap>
        <Button icon={<DownloadOutlined aria-hidden />} onClick={() => exportFile.mutate()} loading={exportFile.isPending} disabled={!canRun}>
          Xuất tệp đồng bộ
        </Button>
        <Upload accept=".chibo" showUploadList={false} beforeUpload={(file) => (importFile.mutate(file), false)} disabled={!canRun}>
          <Button icon={<UploadOutlined aria-hidden />} loading={importFile.isPending} disabled={!canRun}>
            Nhập tệp trả lời
          </Button>
        </Upload>
      </Space>
    </Card>
  );
}

export function SyncPage() {
  const user = useSessionUser();
  const status = useSyncStatus();
  const office = isOffice(user);

  if (status.isPending) return <Card loading />;
  if (status.isError) return <Result status="warning" title="Không đọc được trạng thái đồng bộ" subTitle={errorText(status.error)} />;
  const s = status.data;
  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={3} className="page-title">
            Đồng bộ với cấp trên
          </Typography.Title>
          <div className="page-subtitle">Gửi hồ sơ của đảng bộ lên cấp ủy cấp trên; nhận văn bản, chỉ đạo và góp ý về dự thảo nghị quyết.</div>
        </div>
      </div>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {!s.enrolled ? (
          user?.role === 'ward_admin' ? (
            <EnrolForm />
          ) : (
            <Card>
              <Empty description="Máy này chưa được đăng ký đồng bộ. Quản trị viên của đảng bộ cần đăng ký bằng mã do cấp trên cấp." />
            </Card>
          )
        ) : (
          <>
            <StatusCard status={s} canRun={office} />
            <Row gutter={16}>
              <Col xs={24} lg={10}>
                <Card title="Đang chờ gửi">
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="table"
                    dataSource={s.waitingByTable}
                    locale={{ emptyText: 'Không có thay đổi nào chờ gửi.' }}
                    columns={[
                      { title: 'Loại hồ sơ', dataIndex: 'table', render: (t: string) => TABLE_LABEL[t] ?? t },
                      { title: 'Số thay đổi', dataIndex: 'count', align: 'right', render: (n: number) => formatNumber(n) },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={14}>
                <Card title={`Bị từ chối${s.rejected.length > 0 ? ` (${formatNumber(s.rejected.length)})` : ''}`}>
                  <Table
                    size="small"
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    rowKey={(r) => `${r.seq}-${r.key}`}
                    dataSource={s.rejected}
                    locale={{ emptyText: 'Máy chủ chưa từ chối thay đổi nào.' }}
                    columns={[
                      { title: 'Lúc', dataIndex: 'at', width: 140, render: (at: number) => formatDateTime(at) },
                      { title: 'Loại hồ sơ', dataIndex: 'table', width: 150, render: (t: string) => TABLE_LABEL[t] ?? t },
                      { title: 'Lý do', dataIndex: 'reason' },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )}
        {s.enrolled && <FileSync canRun={office} />}
      </Space>
    </>
  );
}
