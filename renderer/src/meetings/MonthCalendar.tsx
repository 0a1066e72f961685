// The month as a calendar: each day lists the branches meeting that day, at what time; a click opens the meeting.
import { Calendar, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { MonthRow } from '../../../core/api';
import { shortBranchName } from './format';
import { MEETING_STATUS, STATUS_COLOR } from './strings';

export function MonthCalendar({ month, rows, onOpen }: { month: Dayjs; rows: MonthRow[]; onOpen: (meetingId: string) => void }) {
  const byDay = new Map<string, MonthRow[]>();
  for (const row of rows) {
    if (!row.meeting) continue;
    const day = row.meeting.scheduledAt.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), row]);
  }
  for (const list of byDay.values()) list.sort((a, b) => a.meeting!.scheduledAt.localeCompare(b.meeting!.scheduledAt));

  return (
    <Calendar
      className="meeting-calendar"
      value={month}
      headerRender={() => null}
      cellRender={(date, info) => {
        if (info.type !== 'date' || !date.isSame(month, 'month')) return null;
        const list = byDay.get(date.format('YYYY-MM-DD')) ?? [];
        return (
          <ul className="calendar-meetings">
            {list.map((row) => (
              <li key={row.branchId} className={`calendar-meeting calendar-meeting-${STATUS_COLOR[row.meeting!.status]}`}>
                <Typography.Link
                  title={`${row.branchName}: ${MEETING_STATUS[row.meeting!.status].toLowerCase()}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(row.meeting!.id);
                  }}
                >
                  <span className="calendar-time">{row.meeting!.scheduledAt.slice(11, 16)}</span> {shortBranchName(row.branchName)}
                </Typography.Link>
              </li>
            ))}
          </ul>
        );
      }}
    />
  );
}
