// Nhập danh sách đảng viên từ Excel. Two steps: the services read the file and report every row (nothing is written),
// then, after the person confirms, write the valid rows in one go, or none.
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Descriptions, Modal, Result, Row, Space, Statistic, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { ImportReport } from '../../../core/api';
import { api } from '../api';
import { readAsBase64 } from '../download';
import { errorText } from '../forms';
import { formatNumber } from '../format';

type ReportRow = ImportReport['rows'][number];

/** 1 → A, 27 → AA: the column letters Excel shows. */
function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}


function ReportView({ report }: { report: ImportReport }) {
  const bad = report.rows.filter((r) => r.errors.length > 0);
  const sample = report.rows.filter((r) => r.errors.length === 0);
  const mapped = report.headers.filter((h) => h.field);
  const unused = report.headers.filter((h) => !h.field && h.text);
  return (
    <>
      <Descriptions
        size="small"
        column={2}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'file', label: 'Tệp', children: report.fileName },
          { key: 'sheet', label: 'Trang tính', children: `${report.sheetName} (tiêu đề ở dòng ${report.headerRow})` },
        ]}
      />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={8}>
          <div data-testid="import-total">
            <Statistic title="Số dòng đảng viên" value={formatNumber(report.total)} />
          </div>
        </Col>
        <Col span={8}>
          <div data-testid="import-valid">
            <Statistic title="Hợp lệ" value={formatNumber(report.valid)} styles={{ content: { color: '#237804' } }} />
          </div>
        </Col>
        <Col span={8}>
          <div data-testid="import-invalid">
            <Statistic title="Có lỗi" value={formatNumber(report.invalid)} styles={{ content: { color: report.invalid ? '#b3261e' : undefined } }} />
          </div>
        </Col>
      </Row>
      {report.missingFields.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={`Tệp thiếu cột bắt buộc: ${report.missingFields.join(', ')}.`}
          description="Hãy thêm các cột này (hoặc sửa tên tiêu đề cột) trong tệp Excel rồi chọn lại tệp."
        />
      )}
      <Typography.Title level={5}>Các cột đã nhận ra</Typography.Title>
      <div className="import-mapping" data-testid="import-mapping">
        {mapped.map((h) => (
          <Tag key={h.column} variant="outlined">
            <Typography.Text type="secondary">Cột {columnLetter(h.column)}</Typography.Text> “{h.text || '(trống)'}” → <b>{h.label}</b>
          </Tag>
        ))}
        {unused.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            Không dùng: {unused.map((h) => `cột ${columnLetter(h.column)} “${h.text}”`).join(', ')}.
          </Typography.Paragraph>
        )}
      </div>
      <Tabs
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'bad',
            label: `Dòng có lỗi (${formatNumber(bad.length)})`,
            children:
              bad.length === 0 ? (
                <Typography.Paragraph type="secondary">Không có dòng nào có lỗi.</Typography.Paragraph>
              ) : (
                <RowsTable rows={bad} testId="import-errors" />
              ),
          },
          {
            key: 'sample',
            label: `Mẫu dòng hợp lệ (${formatNumber(sample.length)})`,
            children: <RowsTable rows={sample} testId="import-sample" />,
          },
        ]}
      />
    </>
  );
}

function RowsTable({ rows, testId }: { rows: ReportRow[]; testId: string }) {
  return (
    <div data-testid={testId}>
    <Table<ReportRow>
      rowKey="row"
      size="small"
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ y: 320 }}
      columns={[
        { title: 'Dòng', dataIndex: 'row', width: 80, align: 'right' },
        // The services name a row only when it reads; a bad row's reasons say what is missing.
        { title: 'Họ và tên', dataIndex: 'fullName', width: 220, render: (v: string | null) => v ?? '' },
        { title: 'Chi bộ', dataIndex: 'branchName', width: 240, render: (v: string | null) => v ?? '' },
        {
          title: 'Lỗi',
          dataIndex: 'errors',
          render: (errors: string[]) =>
            errors.length === 0 ? (
              <Tag color="green">Hợp lệ</Tag>
            ) : (
              <ul className="import-errors">
                {errors.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            ),
        },
      ]}
    />
    </div>
  );
}

export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { modal } = App.useApp();
  const [file, setFile] = useState<{ fileName: string; data: string } | null>(null);
  const preview = useMutation({
    mutationFn: async (chosen: File) => {
      const data = await readAsBase64(chosen);
      setFile({ fileName: chosen.name, data });
      return api.members.importPreview({ fileName: chosen.name, data });
    },
  });
  const commit = useMutation({
    mutationFn: (skipInvalid: boolean) => api.members.importCommit({ ...file!, skipInvalid }),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
  const report = preview.data;

  const reset = () => {
    setFile(null);
    preview.reset();
    commit.reset();
  };
  const close = () => {
    reset();
    onClose();
  };
  const confirmCommit = () => {
    if (!report) return;
    const skip = report.invalid > 0;
    modal.confirm({
      title: skip ? `Nhập ${formatNumber(report.valid)} dòng hợp lệ?` : `Nhập tất cả ${formatNumber(report.valid)} đảng viên?`,
      content: skip
        ? `${formatNumber(report.invalid)} dòng có lỗi sẽ bị bỏ qua, không được nhập. Có thể sửa các dòng đó trong tệp rồi nhập riêng sau.`
        : 'Các đảng viên sẽ được thêm vào danh sách của chi bộ ghi trong tệp.',
      okText: 'Nhập',
      cancelText: 'Quay lại',
      onOk: () => commit.mutate(skip),
    });
  };

  let footer: React.ReactNode[] = [
    <Button key="close" onClick={close}>
      Đóng
    </Button>,
  ];
  if (report && !commit.isSuccess) {
    footer = [
      <Button key="other" onClick={reset} disabled={commit.isPending}>
        Chọn tệp khác
      </Button>,
      <Button key="cancel" onClick={close} disabled={commit.isPending}>
        Hủy
      </Button>,
    ];
    if (report.missingFields.length === 0 && report.valid > 0) {
      footer.push(
        <Button key="commit" type="primary" loading={commit.isPending} onClick={confirmCommit}>
          {report.invalid > 0 ? `Nhập ${formatNumber(report.valid)} dòng hợp lệ` : `Nhập tất cả (${formatNumber(report.valid)} dòng)`}
        </Button>,
      );
    }
  }

  return (
    <Modal open={open} title="Nhập danh sách đảng viên từ Excel" width={1000} onCancel={close} footer={footer} mask={{ closable: false }} destroyOnHidden>
      {commit.isSuccess ? (
        <Result
          status="success"
          title={`Đã nhập ${formatNumber(commit.data.imported)} đảng viên.`}
          subTitle={commit.data.skipped > 0 ? `Bỏ qua ${formatNumber(commit.data.skipped)} dòng có lỗi.` : undefined}
        />
      ) : (
        <>
          {!report && (
            <>
              <Typography.Paragraph type="secondary">
                Tệp Excel (.xlsx) có một dòng tiêu đề cột như: Họ và tên, Giới tính, Ngày sinh, Ngày vào Đảng, Ngày chính thức, Số thẻ đảng
                viên, Số CCCD, Điện thoại, Chi bộ. Phần mềm đọc tệp và báo từng dòng có lỗi trước; chưa ghi gì cho đến khi bạn xác nhận.
              </Typography.Paragraph>
              <Upload.Dragger
                accept=".xlsx,.xls"
                multiple={false}
                showUploadList={false}
                disabled={preview.isPending}
                beforeUpload={(chosen) => {
                  preview.mutate(chosen);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined aria-hidden />
                </p>
                <p className="ant-upload-text">{preview.isPending ? 'Đang đọc tệp…' : 'Bấm để chọn tệp, hoặc kéo tệp Excel thả vào đây'}</p>
                <p className="ant-upload-hint">Danh sách tối đa 20.000 dòng.</p>
              </Upload.Dragger>
              {preview.error && (
                <Alert type="error" showIcon title={errorText(preview.error)} style={{ marginTop: 16 }} />
              )}
            </>
          )}
          {report && (
            <Space orientation="vertical" style={{ width: '100%' }} size={0}>
              {commit.error && <Alert type="error" showIcon title={errorText(commit.error)} style={{ marginBottom: 16 }} />}
              <ReportView report={report} />
            </Space>
          )}
        </>
      )}
    </Modal>
  );
}
