// Chương trình: the meeting's agenda, item by item (title, minutes, who presents, a summary for the minutes), in order;
// the total against the minimum length of Hướng dẫn 42-HD/BTCTW; the typical agenda as a starting point.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, InputNumber, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AgendaItemRow, MeetingDetail } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';
import { ACTION, DONE } from './strings';
import { useMeetingChange } from './useMeeting';

interface Item {
  key: string;
  title: string;
  minutes: number | null;
  presenter: string;
  summary: string;
}

let nextKey = 0;
const newKey = () => `item-${++nextKey}`;

const itemsOf = (agenda: AgendaItemRow[]): Item[] =>
  agenda.map((a) => ({ key: a.id, title: a.title, minutes: a.minutes, presenter: a.presenter, summary: a.summary ?? '' }));
const agendaFacts = (agenda: AgendaItemRow[]) => JSON.stringify(agenda.map((a) => [a.title, a.minutes, a.presenter, a.summary ?? '']));
const itemFacts = (items: Item[]) => JSON.stringify(items.map((a) => [a.title, a.minutes, a.presenter, a.summary]));

export function AgendaTab({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const [items, setItems] = useState(() => itemsOf(meeting.agenda));
  const [base, setBase] = useState(() => agendaFacts(meeting.agenda));
  const dirty = itemFacts(items) !== base;
  // The agenda changed elsewhere while nothing was being edited here: show the new one.
  const saved = agendaFacts(meeting.agenda);
  if (saved !== base && !dirty) {
    setBase(saved);
    setItems(itemsOf(meeting.agenda));
  }
  const reset = (m: MeetingDetail) => {
    setItems(itemsOf(m.agenda));
    setBase(agendaFacts(m.agenda));
  };
  const save = useMeetingChange(
    (list: Item[]) =>
      api.agenda.save({
        meetingId: meeting.id,
        items: list.map((i) => ({ title: i.title, minutes: i.minutes ?? 0, presenter: i.presenter, summary: i.summary.trim() || null })),
      }),
    { done: DONE.agenda, errors: 'inline', onSuccess: reset },
  );
  const template = useMeetingChange(() => api.agenda.fromTemplate({ meetingId: meeting.id }), { done: DONE.agendaTemplate, onSuccess: reset });

  const total = items.reduce((sum, i) => sum + (i.minutes ?? 0), 0);
  const linked = meeting.opinions.filter((o) => o.agendaItemId !== null).length;
  const update = (key: string, patch: Partial<Item>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const move = (index: number, by: number) =>
    setItems((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });

  return (
    <>
      <div className="tab-toolbar">
        <Space size={12} wrap>
          <Typography.Text strong data-testid="agenda-total">
            Tổng thời lượng: {total} phút
          </Typography.Text>
          <Typography.Text type="secondary">
            {items.length} nội dung
          </Typography.Text>
          {dirty && <Tag color="orange">Chưa lưu</Tag>}
        </Space>
        {editable && (
          <Space wrap>
            <Popconfirm
              title="Thay chương trình đang có bằng chương trình mẫu?"
              description={`Các nội dung đã sửa sẽ mất${linked > 0 ? `; ${linked} ý kiến phát biểu sẽ thành ý kiến chung` : ''}.`}
              okText="Thay"
              cancelText="Không"
              onConfirm={() => template.mutate(undefined)}
            >
              <Button loading={template.isPending}>{ACTION.agendaTemplate}</Button>
            </Popconfirm>
            {dirty && (
              <Button icon={<UndoOutlined aria-hidden />} onClick={() => reset(meeting)}>
                Bỏ thay đổi
              </Button>
            )}
            {/* The services give the items new ids on every save, so opinions lose the item they were about. */}
            <Popconfirm
              title="Lưu chương trình mới?"
              description={`${linked} ý kiến phát biểu đang gắn với nội dung chương trình sẽ thành ý kiến chung; có thể chọn lại nội dung ở thẻ Ý kiến phát biểu.`}
              okText="Lưu"
              cancelText="Không"
              disabled={linked === 0}
              onConfirm={() => save.mutate(items)}
            >
              <Button type="primary" loading={save.isPending} disabled={!dirty} onClick={linked === 0 ? () => save.mutate(items) : undefined}>
                {ACTION.saveAgenda}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </div>
      {meeting.agendaWarning && !dirty && <Alert type="warning" showIcon title={meeting.agendaWarning} style={{ marginBottom: 16 }} />}
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      {items.length === 0 ? (
        <Empty description="Chưa có chương trình. Bấm “Dùng chương trình mẫu” hoặc thêm từng nội dung." />
      ) : (
        <ol className="agenda-list">
          <li className="agenda-row agenda-head" aria-hidden>
            <span>STT</span>
            <span>Nội dung</span>
            <span>Thời lượng</span>
            <span>Người trình bày</span>
            <span />
          </li>
          {items.map((item, i) => (
            <li className="agenda-row" key={item.key} data-testid="agenda-item">
              <span className="agenda-no">{i + 1}.</span>
              <div className="agenda-main">
                <Input
                  value={item.title}
                  disabled={!editable}
                  maxLength={200}
                  aria-label={`Nội dung ${i + 1}`}
                  onChange={(e) => update(item.key, { title: e.target.value })}
                />
                <Input.TextArea
                  value={item.summary}
                  disabled={!editable}
                  autoSize={{ minRows: 1, maxRows: 6 }}
                  maxLength={10_000}
                  placeholder="Tóm tắt để ghi vào biên bản (không bắt buộc)"
                  aria-label={`Tóm tắt nội dung ${i + 1}`}
                  onChange={(e) => update(item.key, { summary: e.target.value })}
                  className="agenda-summary"
                />
              </div>
              <InputNumber
                value={item.minutes}
                min={1}
                max={600}
                disabled={!editable}
                suffix="phút"
                aria-label={`Thời lượng nội dung ${i + 1}`}
                onChange={(v) => update(item.key, { minutes: v })}
                style={{ width: '100%' }}
              />
              <Input
                value={item.presenter}
                disabled={!editable}
                maxLength={200}
                aria-label={`Người trình bày nội dung ${i + 1}`}
                onChange={(e) => update(item.key, { presenter: e.target.value })}
              />
              {editable ? (
                <Space size={0}>
                  <Button type="text" icon={<ArrowUpOutlined aria-hidden />} disabled={i === 0} aria-label={`Đưa nội dung ${i + 1} lên`} onClick={() => move(i, -1)} />
                  <Button
                    type="text"
                    icon={<ArrowDownOutlined aria-hidden />}
                    disabled={i === items.length - 1}
                    aria-label={`Đưa nội dung ${i + 1} xuống`}
                    onClick={() => move(i, 1)}
                  />
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={`Bỏ nội dung ${i + 1}`}
                    onClick={() => setItems((list) => list.filter((x) => x.key !== item.key))}
                  />
                </Space>
              ) : (
                <span />
              )}
            </li>
          ))}
        </ol>
      )}
      {editable && (
        <Button
          icon={<PlusOutlined aria-hidden />}
          style={{ marginTop: 12 }}
          onClick={() => setItems((list) => [...list, { key: newKey(), title: '', minutes: 5, presenter: '', summary: '' }])}
        >
          {ACTION.addAgendaItem}
        </Button>
      )}
    </>
  );
}
