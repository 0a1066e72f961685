// For tests: the meeting of ../shared/templates/bien-ban-mau.md as MinutesData, its totals and denominator counted from a
// roll by core/rules/meeting.ts, and a resolution to go with it.
import { attendanceTotals, voteDenominator, voteOutcome, type RollEntry } from '../rules/meeting';
import type { MinutesData, ResolutionData } from './types';

/** 48 members (45 official, 3 probationary), 11 exempt of whom 2 came, 1 away; 36 summoned, 33 present, 3 absent. */
export function sampleRoll(): RollEntry[] {
  const roll: RollEntry[] = [];
  const add = (n: number, entry: Omit<RollEntry, 'memberId' | 'name'>, names: string[] = []) => {
    for (let i = 0; i < n; i++) roll.push({ memberId: `m${roll.length}`, name: names[i] ?? `Đảng viên số ${roll.length + 1}`, ...entry });
  };
  add(31, { status: 'official', standing: 'active', presence: 'present' }, ['Nguyễn Văn Hải', 'Vũ Thị Lan', 'Hoàng Văn Tùng', 'Ngô Thị Mai', 'Đặng Văn Khoa', 'Bùi Thị Thu']);
  add(2, { status: 'probationary', standing: 'active', presence: 'present' }, ['Lý Quang Huy']);
  add(1, { status: 'official', standing: 'active', presence: 'absent_excused', reason: 'ốm' }, ['Trần Thị Hoa']);
  add(1, { status: 'probationary', standing: 'active', presence: 'absent_excused', reason: 'công tác' }, ['Lê Văn Nam']);
  add(1, { status: 'official', standing: 'active', presence: 'absent_unexcused' }, ['Phạm Quốc Việt']);
  add(2, { status: 'official', standing: 'exempt', presence: 'present' });
  add(9, { status: 'official', standing: 'exempt', presence: null });
  add(1, { status: 'official', standing: 'away', presence: null });
  return roll;
}

export const SPEAKERS = ['Hoàng Văn Tùng', 'Ngô Thị Mai', 'Đặng Văn Khoa', 'Bùi Thị Thu', 'Lý Quang Huy', 'Đỗ Minh Châu'];

export function sampleMinutes(): MinutesData {
  const roll = sampleRoll();
  const denominator = voteDenominator(roll);
  const count = { for: 33, against: 0, abstain: 0 };
  return {
    wardName: 'Đảng bộ phường Hồng Hà',
    branchName: 'Chi bộ Tổ dân phố số 5',
    placeName: 'Hồng Hà',
    kind: 'regular',
    topic: null,
    startedAt: '2026-11-04T19:30',
    endedAt: '21:10',
    place: 'Nhà văn hóa tổ dân phố số 5',
    chair: { name: 'Nguyễn Văn Hải', role: 'Bí thư chi bộ' },
    secretary: { name: 'Vũ Thị Lan' },
    guests: [{ name: 'Đỗ Minh Châu', role: 'Đảng ủy viên, phụ trách địa bàn' }],
    totals: attendanceTotals(roll),
    agenda: [
      { title: 'Đồng chí Bí thư nêu lý do, giới thiệu khách mời; chi bộ thống nhất chương trình sinh hoạt', presenter: '', summary: null },
      {
        title: 'Báo cáo kết quả thực hiện nhiệm vụ tháng 10 và phương hướng nhiệm vụ tháng 11',
        presenter: 'Nguyễn Văn Hải',
        summary: 'hoàn thành thu đảng phí 100%; vận động 95% hộ gia đình phân loại rác tại nguồn; tháng 11 tập trung an ninh trật tự và chuẩn bị Ngày hội Đại đoàn kết toàn dân tộc',
        presentsDraft: true,
      },
      { title: 'Phổ biến văn bản cấp trên', presenter: 'Vũ Thị Lan', summary: 'Hướng dẫn 42-HD/BTCTW về nâng cao chất lượng sinh hoạt chi bộ' },
    ],
    draftSharedOn: '2026-11-01',
    opinions: [
      { speaker: 'Hoàng Văn Tùng', agendaItem: null, summary: 'đề nghị bổ sung vào dòng 12 của dự thảo chỉ tiêu 100% hộ gia đình ký cam kết phòng cháy' },
      { speaker: 'Ngô Thị Mai', agendaItem: null, summary: 'nhất trí với dự thảo; đề nghị giao Chi hội Phụ nữ phụ trách vận động phân loại rác' },
      { speaker: 'Đặng Văn Khoa', agendaItem: null, summary: 'đề nghị làm rõ thời hạn sửa chữa đèn chiếu sáng ngõ 3' },
      { speaker: 'Bùi Thị Thu', agendaItem: null, summary: 'đề nghị tổ chức thăm hỏi đảng viên cao tuổi, đảng viên ốm đau trước Ngày hội' },
      { speaker: 'Lý Quang Huy', agendaItem: null, summary: 'xin nhận nhiệm vụ hỗ trợ cài đặt ứng dụng Sổ tay đảng viên cho các đồng chí cao tuổi' },
      { speaker: 'Đỗ Minh Châu', agendaItem: null, summary: 'ghi nhận kết quả của chi bộ; đề nghị chú ý công tác phòng cháy chữa cháy mùa khô' },
    ],
    conclusion: 'tiếp thu các ý kiến, bổ sung vào nghị quyết; giao đồng chí Hoàng Văn Tùng theo dõi việc sửa chữa đèn chiếu sáng, hoàn thành trước ngày 30/11/2026',
    vote: { denominator, count, passed: voteOutcome(count, denominator.denominator).passed },
    minutesApproval: 1,
  };
}

export function sampleResolution(): ResolutionData {
  return {
    wardName: 'Đảng bộ phường Hồng Hà',
    branchName: 'Chi bộ Tổ dân phố số 5',
    placeName: 'Hồng Hà',
    number: '03-NQ/CB',
    date: '2026-12-02',
    subject: 'về nhiệm vụ tháng 12 năm 2026',
    sections: [
      {
        heading: 'KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 11 NĂM 2026',
        paragraphs: [
          'Chi bộ duy trì sinh hoạt định kỳ đúng quy định; tỷ lệ đảng viên dự sinh hoạt đạt 91,7%.',
          'Hoàn thành thu nộp đảng phí tháng 11; tổ chức thành công Ngày hội Đại đoàn kết toàn dân tộc.',
        ],
      },
      {
        heading: 'NHIỆM VỤ THÁNG 12 NĂM 2026',
        paragraphs: [
          'Tổ chức kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2026 theo hướng dẫn của Đảng ủy phường.',
          'Vận động 100% hộ gia đình ký cam kết phòng cháy, chữa cháy; hoàn thành sửa chữa đèn chiếu sáng ngõ 3.',
          'Thăm hỏi, tặng quà đảng viên cao tuổi, đảng viên có hoàn cảnh khó khăn dịp Tết Nguyên đán.',
        ],
      },
    ],
    secretaryName: 'Nguyễn Văn Hải',
  };
}

/** What a reader must find in the minutes of sampleMinutes(), whichever program printed them. */
export const SAMPLE_MINUTES_TEXTS = [
  'ĐẢNG BỘ PHƯỜNG HỒNG HÀ',
  'CHI BỘ TỔ DÂN PHỐ SỐ 5',
  'ĐẢNG CỘNG SẢN VIỆT NAM',
  'Hồng Hà, ngày 04 tháng 11 năm 2026',
  'BIÊN BẢN',
  'SINH HOẠT CHI BỘ ĐỊNH KỲ',
  'tháng 11 năm 2026',
  'Hồi 19 giờ 30 phút, ngày 04/11/2026, tại Nhà văn hóa tổ dân phố số 5, Chi bộ Tổ dân phố số 5 tiến hành sinh hoạt định kỳ tháng 11.',
  'I. THÀNH PHẦN',
  '- Tổng số đảng viên của chi bộ: 48 đồng chí; trong đó chính thức 45, dự bị 3.',
  '- Được miễn sinh hoạt: 11 đồng chí; sinh hoạt tạm thời nơi khác: 1 đồng chí.',
  '- Đảng viên phải triệu tập: 36 đồng chí. Có mặt: 33 đồng chí (chính thức 31, dự bị 2); đảng viên được miễn sinh hoạt có mặt: 2 đồng chí.',
  '- Vắng mặt: 3 đồng chí. Có lý do: đồng chí Trần Thị Hoa (ốm), đồng chí Lê Văn Nam (công tác). Không lý do: đồng chí Phạm Quốc Việt.',
  '- Khách mời: đồng chí Đỗ Minh Châu, Đảng ủy viên, phụ trách địa bàn.',
  '- Chủ trì: đồng chí Nguyễn Văn Hải, Bí thư chi bộ. Thư ký: đồng chí Vũ Thị Lan.',
  'II. NỘI DUNG',
  'dự thảo nghị quyết đã gửi đảng viên ngày 01/11/2026',
  'Thảo luận:',
  ...SPEAKERS.map((name) => `- Đồng chí ${name}:`),
  'Đồng chí chủ trì kết luận: tiếp thu các ý kiến',
  'III. BIỂU QUYẾT',
  'Chi bộ biểu quyết thông qua nghị quyết tháng 11. Số đảng viên tính tỷ lệ biểu quyết: 34 (tổng số đảng viên chính thức 45, ' +
    'trừ 1 đồng chí sinh hoạt tạm thời nơi khác, 9 đồng chí được miễn sinh hoạt vắng mặt, 1 đồng chí vắng có lý do).',
  'Tán thành 33/34 = 97,1%; không tán thành 0; không biểu quyết 0. Nghị quyết được thông qua (trên một nửa).',
  'Buổi sinh hoạt kết thúc hồi 21 giờ 10 phút cùng ngày.',
  'Biên bản đã được đọc lại trước chi bộ và được 100% đảng viên có mặt nhất trí thông qua.',
  'THƯ KÝ',
  'CHỦ TRÌ',
  '(Ký, ghi rõ họ tên)',
  'Vũ Thị Lan',
  'Nguyễn Văn Hải',
];

export const SAMPLE_RESOLUTION_TEXTS = [
  'ĐẢNG BỘ PHƯỜNG HỒNG HÀ',
  'CHI BỘ TỔ DÂN PHỐ SỐ 5',
  'Số: 03-NQ/CB',
  'ĐẢNG CỘNG SẢN VIỆT NAM',
  'Hồng Hà, ngày 02 tháng 12 năm 2026',
  'NGHỊ QUYẾT',
  'về nhiệm vụ tháng 12 năm 2026',
  'I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 11 NĂM 2026',
  '1. Chi bộ duy trì sinh hoạt định kỳ đúng quy định; tỷ lệ đảng viên dự sinh hoạt đạt 91,7%.',
  'II. NHIỆM VỤ THÁNG 12 NĂM 2026',
  '3. Thăm hỏi, tặng quà đảng viên cao tuổi, đảng viên có hoàn cảnh khó khăn dịp Tết Nguyên đán.',
  'T/M CHI BỘ',
  'BÍ THƯ',
  'Nguyễn Văn Hải',
];
