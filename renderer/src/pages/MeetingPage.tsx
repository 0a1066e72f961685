// Một buổi sinh hoạt chi bộ, from plan to adopted minutes: the header with its lifecycle and one tab per part of the work.
// What a person may change follows their role (viewers read only) and the lock that comes with adopted minutes.
import { Alert, Card, Result, Skeleton, Tabs } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorText } from '../forms';
import { AgendaTab } from '../meetings/AgendaTab';
import { CommentsTab } from '../meetings/CommentsTab';
import { DraftTab } from '../meetings/DraftTab';
import { InfoTab } from '../meetings/InfoTab';
import { MeetingHeader } from '../meetings/MeetingHeader';
import { MinutesTab } from '../meetings/MinutesTab';
import { OpinionsTab } from '../meetings/OpinionsTab';
import { RollCallTab } from '../meetings/RollCallTab';
import { MEETING_TAB, READ_ONLY, type MeetingTabKey } from '../meetings/strings';
import { canEditMeetings, useMeeting } from '../meetings/useMeeting';
import { VoteTab } from '../meetings/VoteTab';
import '../meetings/meetings.css';
import { useSessionUser } from '../session';

export function MeetingPage() {
  const { id = '' } = useParams();
  const user = useSessionUser();
  const meeting = useMeeting(id);
  const [params, setParams] = useSearchParams();
  const tab = (params.get('the') as MeetingTabKey | null) ?? 'info';

  if (meeting.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (meeting.isError) {
    return (
      <Result
        status="warning"
        title="Không mở được buổi sinh hoạt"
        subTitle={errorText(meeting.error)}
        extra={<Link to="/sinh-hoat">Về danh sách sinh hoạt</Link>}
      />
    );
  }
  const m = meeting.data;
  const editor = canEditMeetings(user);
  /** May change the record now: an editor, before the minutes are adopted. */
  const editable = editor && !m.locked;
  const count = (n: number) => (n > 0 ? ` (${n})` : '');
  const tabs: { key: MeetingTabKey; label: string; children: React.ReactNode }[] = [
    { key: 'info', label: MEETING_TAB.info, children: <InfoTab meeting={m} editable={editable} /> },
    { key: 'agenda', label: MEETING_TAB.agenda, children: <AgendaTab meeting={m} editable={editable} /> },
    { key: 'draft', label: MEETING_TAB.draft, children: <DraftTab meeting={m} editable={editable} /> },
    { key: 'comments', label: `${MEETING_TAB.comments}${count(m.comments.length)}`, children: <CommentsTab meeting={m} editable={editable} /> },
    { key: 'roll', label: MEETING_TAB.roll, children: <RollCallTab meeting={m} editable={editable} /> },
    { key: 'opinions', label: `${MEETING_TAB.opinions}${count(m.opinions.length)}`, children: <OpinionsTab meeting={m} editable={editable} /> },
    { key: 'vote', label: MEETING_TAB.vote, children: <VoteTab meeting={m} editable={editable} /> },
    { key: 'minutes', label: MEETING_TAB.minutes, children: <MinutesTab meeting={m} editor={editor} /> },
  ];

  return (
    <>
      <MeetingHeader meeting={m} />
      {!editor && <Alert type="info" showIcon title={READ_ONLY.viewer} style={{ marginBottom: 16 }} />}
      {editor && m.locked && <Alert type="warning" showIcon title={READ_ONLY.locked} style={{ marginBottom: 16 }} />}
      <Card className="meeting-card">
        <Tabs
          activeKey={tab}
          onChange={(key) =>
            setParams(
              (p) => {
                const next = new URLSearchParams(p);
                next.set('the', key);
                return next;
              },
              { replace: true },
            )
          }
          items={tabs}
        />
      </Card>
    </>
  );
}
