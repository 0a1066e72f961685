// What a meeting's minutes and resolution are made from: plain data gathered by the meetings service, so the documents
// are pure functions of it (core/export/*), tested without a database.
import type { AttendanceTotals, VoteDenominator, VoteCount } from '../rules/meeting';

export interface DocumentLayout {
  /** Margins in millimetres: Hướng dẫn 36-HD/VPTW defaults top 20, bottom 20, left 30, right 15. */
  marginsMm: { top: number; bottom: number; left: number; right: number };
  /** Body size in points, 13–14. */
  fontSizePt: number;
}

export const DEFAULT_LAYOUT: DocumentLayout = { marginsMm: { top: 20, bottom: 20, left: 30, right: 15 }, fontSizePt: 14 };

export interface MinutesData {
  /** "Đảng bộ phường Hồng Hà" */
  wardName: string;
  /** "Chi bộ Tổ dân phố số 5" */
  branchName: string;
  /** The place name for the date line: "Hồng Hà" */
  placeName: string;
  kind: 'regular' | 'thematic' | 'combined';
  /** For thematic and combined meetings: the subject. */
  topic: string | null;
  /** 'YYYY-MM-DDTHH:mm' local time */
  startedAt: string;
  /** 'HH:mm' */
  endedAt: string | null;
  place: string;
  chair: { name: string; role: string };
  secretary: { name: string };
  guests: { name: string; role: string }[];
  totals: AttendanceTotals;
  /**
   * In order. `presentsDraft`: the item that presents the draft resolution; the minutes name the day it was shared there,
   * as the sample does (without one, they say it at the head of part II).
   */
  agenda: { title: string; presenter: string; summary: string | null; presentsDraft?: boolean }[];
  /** The draft resolution and when it was shared with members ('YYYY-MM-DD'), if it was. */
  draftSharedOn: string | null;
  opinions: { speaker: string; agendaItem: string | null; summary: string }[];
  conclusion: string | null;
  vote: { denominator: VoteDenominator; count: VoteCount; passed: boolean } | null;
  /** Share of members present who approved the minutes when read back, 0–1. */
  minutesApproval: number | null;
}

export interface ResolutionData {
  wardName: string;
  branchName: string;
  placeName: string;
  /** "03-NQ/CB" */
  number: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** "về nhiệm vụ tháng 12 năm 2026" */
  subject: string;
  /** The adopted text: sections of numbered paragraphs. */
  sections: { heading: string; paragraphs: string[] }[];
  secretaryName: string;
}
