// Soạn dự thảo nghị quyết: sections, each a heading and its paragraphs. Saving makes a new version; the earlier ones stay
// as they were, so comments keep pointing at the words they were made on.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import type { DraftVersion } from '../../../core/api';
import { errorText } from '../forms';
import { ACTION } from './strings';

interface Paragraph {
  key: string;
  text: string;
}
interface Section {
  key: string;
  heading: string;
  paragraphs: Paragraph[];
}

let nextKey = 0;
const key = () => `d${++nextKey}`;

function sectionsOf(draft: DraftVersion | null): Section[] {
  if (!draft) return [{ key: key(), heading: '', paragraphs: [{ key: key(), text: '' }] }];
  return draft.sections.map((s) => ({
    key: key(),
    heading: s.heading,
    paragraphs: (s.paragraphs.length ? s.paragraphs : ['']).map((text) => ({ key: key(), text })),
  }));
}

export function DraftEditor({
  from,
  saving,
  error,
  onSave,
  onCancel,
}: {
  /** The version the new one starts from; null: a blank draft. */
  from: DraftVersion | null;
  saving: boolean;
  error: unknown;
  onSave: (sections: { heading: string; paragraphs: string[] }[]) => void;
  onCancel: (() => void) | null;
}) {
  const [sections, setSections] = useState(() => sectionsOf(from));
  const setSection = (k: string, change: (s: Section) => Section) => setSections((list) => list.map((s) => (s.key === k ? change(s) : s)));

  return (
    <Card
      size="small"
      className="draft-editor"
      title={from ? `Soạn bản mới từ bản số ${from.versionNo}` : 'Soạn dự thảo nghị quyết'}
      extra={<Typography.Text type="secondary">Mỗi ô là một đoạn; số dòng được đánh lại khi lưu.</Typography.Text>}
    >
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} /> : null}
      {sections.map((section, s) => (
        <div className="draft-editor-section" key={section.key} data-testid="draft-section">
          <div className="draft-editor-heading">
            <Input
              value={section.heading}
              maxLength={500}
              placeholder="Tên phần, ví dụ: Kết quả thực hiện nhiệm vụ tháng trước"
              aria-label={`Tên phần ${s + 1}`}
              onChange={(e) => setSection(section.key, (x) => ({ ...x, heading: e.target.value }))}
              style={{ fontWeight: 600 }}
            />
            <Button
              type="text"
              danger
              icon={<DeleteOutlined aria-hidden />}
              disabled={sections.length === 1}
              aria-label={`Bỏ phần ${s + 1}`}
              onClick={() => setSections((list) => list.filter((x) => x.key !== section.key))}
            >
              Bỏ phần
            </Button>
          </div>
          {section.paragraphs.map((p, i) => (
            <div className="draft-editor-paragraph" key={p.key}>
              <span className="draft-editor-no">{i + 1}.</span>
              <Input.TextArea
                value={p.text}
                autoSize={{ minRows: 2, maxRows: 12 }}
                maxLength={5_000}
                placeholder="Nội dung đoạn"
                aria-label={`Phần ${s + 1}, đoạn ${i + 1}`}
                onChange={(e) =>
                  setSection(section.key, (x) => ({ ...x, paragraphs: x.paragraphs.map((q) => (q.key === p.key ? { ...q, text: e.target.value } : q)) }))
                }
              />
              <Button
                type="text"
                icon={<DeleteOutlined aria-hidden />}
                disabled={section.paragraphs.length === 1}
                aria-label={`Bỏ phần ${s + 1}, đoạn ${i + 1}`}
                onClick={() => setSection(section.key, (x) => ({ ...x, paragraphs: x.paragraphs.filter((q) => q.key !== p.key) }))}
              />
            </div>
          ))}
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => setSection(section.key, (x) => ({ ...x, paragraphs: [...x.paragraphs, { key: key(), text: '' }] }))}
            aria-label={`Thêm đoạn vào phần ${s + 1}`}
            style={{ marginLeft: 28 }}
          >
            Thêm đoạn
          </Button>
        </div>
      ))}
      <div className="draft-editor-actions">
        <Button
          icon={<PlusOutlined aria-hidden />}
          onClick={() => setSections((list) => [...list, { key: key(), heading: '', paragraphs: [{ key: key(), text: '' }] }])}
        >
          Thêm phần
        </Button>
        <Space>
          {onCancel && <Button onClick={onCancel}>Hủy</Button>}
          <Button
            type="primary"
            loading={saving}
            onClick={() => onSave(sections.map((x) => ({ heading: x.heading.trim(), paragraphs: x.paragraphs.map((p) => p.text.trim()).filter(Boolean) })))}
          >
            {ACTION.saveDraft}
          </Button>
        </Space>
      </div>
    </Card>
  );
}
