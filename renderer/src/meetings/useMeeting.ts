// The meeting as every tab reads it, and the one way tabs change it: each change answers with the whole meeting, which
// replaces the cached one, so every tab and the header show the same record at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type { MeetingDetail, Role, SessionUser } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';

export const meetingKey = (id: string) => ['meetings.get', id] as const;

export function useMeeting(id: string) {
  return useQuery({ queryKey: meetingKey(id), queryFn: () => api.meetings.get({ id }) });
}

interface ChangeOptions<I> {
  /** What the person is told when it worked. */
  done?: string | ((meeting: MeetingDetail, input: I) => string);
  /** 'inline': the caller shows the error beside the form (and keeps what was typed); otherwise a message. */
  errors?: 'inline' | 'message';
  onSuccess?: (meeting: MeetingDetail, input: I) => void;
  onError?: (error: Error) => void;
}

export function useMeetingChange<I>(call: (input: I) => Promise<MeetingDetail>, options: ChangeOptions<I> = {}) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: call,
    onSuccess: (meeting, input) => {
      queryClient.setQueryData(meetingKey(meeting.id), meeting);
      void queryClient.invalidateQueries({ queryKey: ['meetings.month'] });
      const done = typeof options.done === 'function' ? options.done(meeting, input) : options.done;
      if (done) void message.success(done);
      options.onSuccess?.(meeting, input);
    },
    onError: (error) => {
      if (options.errors !== 'inline') void message.error(errorText(error));
      options.onError?.(error);
    },
  });
}

const EDITORS: readonly Role[] = ['ward_admin', 'ward_staff', 'branch_secretary'];
const OFFICE: readonly Role[] = ['ward_admin', 'ward_staff'];

/** Plans and records meetings (a branch secretary: their own branch; the services check the branch). */
export const canEditMeetings = (user: SessionUser | null) => Boolean(user && EDITORS.includes(user.role));
/** The ward's report over months: the ward office only. */
export const canReadReports = (user: SessionUser | null) => Boolean(user && OFFICE.includes(user.role));
