// Vietnamese names for generated data: people, Hà Nội's wards and communes, party branches and meeting places.
// Frequencies of family names follow commonly cited national estimates; the rest is plausible rather than measured.
import { type Random, WeightedPicker } from './random';

// ---- People -----------------------------------------------------------------------------------------------------------

/** Family names with approximate shares in per cent (national estimates; Huỳnh and Võ are rarer in the north). */
export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 5], ['Phan', 4.5], ['Vũ', 3.9], ['Đặng', 2.1],
  ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Đinh', 1], ['Đào', 0.9], ['Võ', 0.8],
  ['Huỳnh', 0.6], ['Lý', 0.5], ['Trịnh', 0.6], ['Đoàn', 0.6], ['Lương', 0.5], ['Mai', 0.5], ['Cao', 0.5],
  ['Hà', 0.5], ['Lưu', 0.4], ['Tạ', 0.4], ['Chu', 0.4], ['Phùng', 0.4], ['Kiều', 0.3], ['Tô', 0.3], ['Triệu', 0.3],
  ['Khuất', 0.2], ['Nghiêm', 0.2], ['Lại', 0.2], ['Quách', 0.2], ['Tống', 0.2], ['Vương', 0.2], ['Giang', 0.2],
  ['Thái', 0.2], ['Doãn', 0.1], ['Lã', 0.1], ['Mạc', 0.1], ['Hứa', 0.1], ['Nông', 0.1], ['Âu', 0.1], ['Kim', 0.1],
  ['Văn', 0.1], ['Ninh', 0.1], ['Bạch', 0.05], ['Khổng', 0.05],
];

/** Middle names for men: the first list for people born before 1970 (Văn dominates), the second for later years. */
const MIDDLE_MALE_OLD: readonly (readonly [string, number])[] = [
  ['Văn', 45], ['Hữu', 7], ['Đức', 7], ['Đình', 6], ['Xuân', 5], ['Quang', 5], ['Công', 5], ['Ngọc', 4], ['Minh', 4],
  ['Thanh', 3], ['Mạnh', 2], ['Trọng', 2], ['Bá', 2], ['Khắc', 2], ['Thế', 2], ['Tiến', 2], ['Viết', 1], ['Hồng', 1],
];
const MIDDLE_MALE_YOUNG: readonly (readonly [string, number])[] = [
  ['Văn', 18], ['Minh', 10], ['Đức', 9], ['Quang', 7], ['Hữu', 5], ['Thanh', 5], ['Tuấn', 4], ['Anh', 4], ['Duy', 4],
  ['Quốc', 4], ['Việt', 4], ['Xuân', 3], ['Công', 3], ['Ngọc', 3], ['Mạnh', 3], ['Trọng', 2], ['Tiến', 2], ['Đình', 2],
  ['Hoàng', 2], ['Thế', 2], ['Huy', 2], ['Đăng', 1], ['Trung', 1], ['Bảo', 1], ['Đức Minh', 0.5], ['Quang Minh', 0.5],
];
const MIDDLE_FEMALE_OLD: readonly (readonly [string, number])[] = [
  ['Thị', 62], ['Thị Thanh', 4], ['Thị Thu', 3], ['Thị Kim', 2], ['Thị Ngọc', 2], ['Thị Minh', 2], ['Thị Hồng', 2],
  ['Ngọc', 4], ['Thu', 3], ['Thanh', 3], ['Minh', 2], ['Kim', 2], ['Bích', 2], ['Hồng', 2], ['Thúy', 1], ['Mai', 1],
];
const MIDDLE_FEMALE_YOUNG: readonly (readonly [string, number])[] = [
  ['Thị', 30], ['Thị Thanh', 3], ['Thị Thu', 3], ['Thị Kim', 1], ['Thị Ngọc', 2], ['Thị Minh', 2], ['Thị Hồng', 1],
  ['Thị Bích', 1], ['Thị Mai', 1], ['Thị Thúy', 1], ['Ngọc', 7], ['Thu', 6], ['Thanh', 5], ['Minh', 5], ['Kim', 3],
  ['Bích', 2], ['Thúy', 3], ['Phương', 3], ['Hồng', 2], ['Thùy', 3], ['Diệu', 1], ['Hoài', 2], ['Quỳnh', 1],
  ['Khánh', 2], ['Lan', 1], ['Hải', 2], ['Bảo', 1], ['Mai', 2],
];

export const GIVEN_MALE: readonly string[] = [
  'An', 'Anh', 'Bảo', 'Bình', 'Cường', 'Chiến', 'Công', 'Dũng', 'Duy', 'Dương', 'Đạt', 'Định', 'Đông', 'Đức', 'Giang',
  'Hải', 'Hào', 'Hiển', 'Hiếu', 'Hòa', 'Hoàng', 'Huy', 'Hùng', 'Hưng', 'Khải', 'Khang', 'Khánh', 'Khoa', 'Kiên',
  'Lâm', 'Lực', 'Long', 'Lợi', 'Mạnh', 'Minh', 'Nam', 'Nghĩa', 'Ngọc', 'Phong', 'Phúc', 'Phương', 'Quang', 'Quân',
  'Quý', 'Sơn', 'Tài', 'Tâm', 'Tân', 'Thái', 'Thắng', 'Thành', 'Thịnh', 'Thuận', 'Tiến', 'Toàn', 'Trí', 'Trung',
  'Trường', 'Tú', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Vũ', 'Hậu', 'Lộc', 'Thọ', 'Chính', 'Thanh', 'Hiệp',
];

export const GIVEN_FEMALE: readonly string[] = [
  'An', 'Anh', 'Ánh', 'Bích', 'Châu', 'Chi', 'Cúc', 'Dung', 'Duyên', 'Điệp', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền',
  'Hoa', 'Hòa', 'Hồng', 'Huệ', 'Huyền', 'Hương', 'Hường', 'Lan', 'Liên', 'Liễu', 'Linh', 'Loan', 'Lý', 'Mai', 'My',
  'Nga', 'Ngân', 'Nguyệt', 'Ngọc', 'Nhàn', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Quỳnh', 'Sen', 'Tâm', 'Thanh', 'Thảo',
  'Thơm', 'Thu', 'Thủy', 'Thúy', 'Thư', 'Trang', 'Trinh', 'Tuyết', 'Uyên', 'Vân', 'Xuân', 'Yến', 'Hậu', 'Tươi',
  'Hải', 'Lệ', 'Diệp', 'Nhi', 'Vy', 'Lương',
];

const familyPicker = new WeightedPicker(FAMILY_NAMES);
const middleMaleOld = new WeightedPicker(MIDDLE_MALE_OLD);
const middleMaleYoung = new WeightedPicker(MIDDLE_MALE_YOUNG);
const middleFemaleOld = new WeightedPicker(MIDDLE_FEMALE_OLD);
const middleFemaleYoung = new WeightedPicker(MIDDLE_FEMALE_YOUNG);

/** A full name "Family Middle Given" for a person of this gender born in `birthYear`. */
export function personName(random: Random, gender: 'male' | 'female', birthYear: number): string {
  const family = familyPicker.pick(random);
  const old = birthYear < 1970;
  const middlePicker = gender === 'male' ? (old ? middleMaleOld : middleMaleYoung) : old ? middleFemaleOld : middleFemaleYoung;
  const middle = middlePicker.pick(random);
  const givens = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  let given = random.pick(givens);
  // "Ngọc Ngọc", "Thanh Thanh": pick again.
  while (middle.split(' ').includes(given)) given = random.pick(givens);
  return `${family} ${middle} ${given}`;
}

// ---- Hà Nội's wards and communes since 1 July 2025 (Nghị quyết 1656/NQ-UBTVQH15): 51 phường, 75 xã ----------------------

export type WardLevel = 'phường' | 'xã';
export interface WardName {
  name: string;
  level: WardLevel;
}

const PHUONG: readonly string[] = [
  'Hoàn Kiếm', 'Cửa Nam', 'Ba Đình', 'Ngọc Hà', 'Giảng Võ', 'Hai Bà Trưng', 'Vĩnh Tuy', 'Bạch Mai', 'Đống Đa',
  'Kim Liên', 'Văn Miếu - Quốc Tử Giám', 'Láng', 'Ô Chợ Dừa', 'Hồng Hà', 'Lĩnh Nam', 'Hoàng Mai', 'Vĩnh Hưng',
  'Tương Mai', 'Định Công', 'Hoàng Liệt', 'Yên Sở', 'Thanh Xuân', 'Khương Đình', 'Phương Liệt', 'Cầu Giấy', 'Nghĩa Đô',
  'Yên Hòa', 'Tây Hồ', 'Phú Thượng', 'Tây Tựu', 'Phú Diễn', 'Xuân Đỉnh', 'Đông Ngạc', 'Thượng Cát', 'Từ Liêm',
  'Xuân Phương', 'Tây Mỗ', 'Đại Mỗ', 'Long Biên', 'Bồ Đề', 'Việt Hưng', 'Phúc Lợi', 'Hà Đông', 'Dương Nội',
  'Yên Nghĩa', 'Phú Lương', 'Kiến Hưng', 'Thanh Liệt', 'Chương Mỹ', 'Sơn Tây', 'Tùng Thiện',
];

const XA: readonly string[] = [
  'Sóc Sơn', 'Kim Anh', 'Trung Giã', 'Đa Phúc', 'Nội Bài', 'Đông Anh', 'Phúc Thịnh', 'Thư Lâm', 'Thiên Lộc',
  'Vĩnh Thanh', 'Phù Đổng', 'Thuận An', 'Gia Lâm', 'Bát Tràng', 'Thanh Trì', 'Đại Thanh', 'Ngọc Hồi', 'Nam Phù',
  'Yên Xuân', 'Quang Minh', 'Yên Lãng', 'Tiến Thắng', 'Mê Linh', 'Đoài Phương', 'Quảng Oai', 'Cổ Đô', 'Minh Châu',
  'Vật Lại', 'Bất Bạt', 'Suối Hai', 'Ba Vì', 'Yên Bài', 'Phúc Thọ', 'Phúc Lộc', 'Hát Môn', 'Đan Phượng', 'Liên Minh',
  'Ô Diên', 'Hoài Đức', 'Dương Hòa', 'Sơn Đồng', 'An Khánh', 'Quốc Oai', 'Kiều Phú', 'Hưng Đạo', 'Phú Cát',
  'Thạch Thất', 'Hạ Bằng', 'Hòa Lạc', 'Tây Phương', 'Phú Nghĩa', 'Xuân Mai', 'Quảng Bị', 'Trần Phú', 'Hòa Phú',
  'Thanh Oai', 'Bình Minh', 'Tam Hưng', 'Dân Hòa', 'Thường Tín', 'Hồng Vân', 'Thượng Phúc', 'Chương Dương',
  'Phú Xuyên', 'Phượng Dực', 'Chuyên Mỹ', 'Đại Xuyên', 'Vân Đình', 'Ứng Thiên', 'Ứng Hòa', 'Hòa Xá', 'Mỹ Đức',
  'Phúc Sơn', 'Hồng Sơn', 'Hương Sơn',
];

/** All 126 units: the 51 phường, then the 75 xã. */
export const HANOI_WARDS: readonly WardName[] = [
  ...PHUONG.map((name) => ({ name, level: 'phường' as const })),
  ...XA.map((name) => ({ name, level: 'xã' as const })),
];

export function wardOrganisationName(ward: WardName): string {
  return `Đảng bộ ${ward.level} ${ward.name}`;
}

// ---- Branches ---------------------------------------------------------------------------------------------------------

export type BranchKindName = 'residential' | 'agency' | 'enterprise' | 'school' | 'other';

export interface BranchName {
  name: string;
  /** Where it usually meets. */
  place: string;
}

/** Agency branches every ward has, in the order a ward lists them; `{level}` becomes "phường" or "xã". */
const AGENCIES: readonly (readonly [string, string])[] = [
  ['Chi bộ Cơ quan Ủy ban nhân dân {level}', 'Hội trường Ủy ban nhân dân {level}'],
  ['Chi bộ Công an {level}', 'Phòng họp Công an {level}'],
  ['Chi bộ Quân sự {level}', 'Phòng họp Ban Chỉ huy quân sự {level}'],
  ['Chi bộ Cơ quan Đảng - Đoàn thể {level}', 'Phòng họp Đảng ủy {level}'],
  ['Chi bộ Trạm Y tế', 'Phòng họp Trạm Y tế {level}'],
  ['Chi bộ Trung tâm Phục vụ hành chính công', 'Phòng họp Trung tâm Phục vụ hành chính công {level}'],
  ['Chi bộ Cơ quan Mặt trận Tổ quốc {level}', 'Phòng họp Ủy ban Mặt trận Tổ quốc {level}'],
];
export const MAX_AGENCY_BRANCHES = AGENCIES.length;

const SCHOOL_PATRONS: readonly string[] = [
  'Nguyễn Du', 'Nguyễn Trãi', 'Chu Văn An', 'Lê Quý Đôn', 'Trưng Vương', 'Lý Thường Kiệt', 'Trần Quốc Toản', 'Kim Đồng',
  'Võ Thị Sáu', 'Ngô Sĩ Liên', 'Lê Lợi', 'Quang Trung', 'Nguyễn Huệ', 'Đoàn Thị Điểm', 'Lê Ngọc Hân', 'Tô Hoàng',
  'Phan Chu Trinh', 'Ngô Quyền', 'Lê Văn Tám', 'Nguyễn Bá Ngọc', 'Đoàn Kết', 'Thăng Long', 'Đông Đô', 'Hồng Hà',
];
const KINDERGARTEN_NAMES: readonly string[] = [
  'Hoa Sen', 'Hoa Mai', 'Họa Mi', 'Sơn Ca', 'Hoa Hồng', 'Tuổi Hoa', 'Bông Sen', 'Hoa Sữa', 'Hoa Ban', 'Ánh Sao',
  'Mầm Xanh', 'Chim Non', 'Búp Sen Hồng', 'Hoa Thủy Tiên',
];
const COMPANY_SECTORS: readonly string[] = [
  'Xây dựng', 'Thương mại', 'Dịch vụ', 'Đầu tư và Phát triển', 'Môi trường đô thị', 'Cấp nước', 'Vận tải', 'Dược phẩm',
  'In', 'May', 'Cơ khí', 'Điện lực', 'Xây lắp', 'Thực phẩm', 'Du lịch', 'Thiết bị y tế', 'Tư vấn thiết kế',
  'Bê tông', 'Cây xanh', 'Chiếu sáng đô thị',
];
const COMPANY_BRANDS: readonly string[] = [
  'Hà Thành', 'Thăng Long', 'Sông Hồng', 'Đông Đô', 'Hà Nội', 'Kinh Bắc', 'Tràng An', 'Hồ Tây', 'Sông Đà', 'Hồng Lĩnh',
  'Hà Đô', 'Long Giang', 'Việt Hưng', 'An Phát', 'Thành Công', 'Hòa Bình', 'Tân Phú', 'Đại Việt', 'Phú Thịnh',
  'Thịnh Phát', 'Minh Quang', 'Trường Sơn',
];
const OTHER_UNITS: readonly (readonly [string, WardLevel | null])[] = [
  ['Hội Cựu chiến binh', null],
  ['Hưu trí', null],
  ['Ban Quản lý chợ', 'phường'],
  ['Đội Quản lý trật tự đô thị', 'phường'],
  ['Hợp tác xã Dịch vụ nông nghiệp', 'xã'],
  ['Ban Quản lý di tích', null],
  ['Cựu giáo chức', null],
  ['Ban Quản lý dự án đầu tư xây dựng', null],
  ['Hợp tác xã Tiểu thủ công nghiệp', 'xã'],
  ['Nhà văn hóa trung tâm', null],
];
/** Parts of village names; two make a name like "Thôn Phú Mỹ". */
const VILLAGE_SYLLABLES: readonly string[] = [
  'An', 'Bình', 'Phú', 'Yên', 'Thịnh', 'Hòa', 'Lạc', 'Phúc', 'Lộc', 'Thọ', 'Mỹ', 'Vĩnh', 'Xuân', 'Tân', 'Cổ', 'Đại',
  'Kim', 'Ngọc', 'Quang', 'Minh', 'Đức', 'Hưng', 'Long', 'Phong', 'Thái', 'Thanh', 'Thuận', 'Văn', 'Vân', 'Hương',
  'Liên', 'Hồng', 'Đồng', 'Lương', 'Nghĩa', 'Khê', 'Cầu', 'Trại', 'Chợ', 'Đình',
];
/** Words that open a village name ("Chợ Thái", "Cầu Khê") but do not close one. */
const VILLAGE_FIRST_ONLY: ReadonlySet<string> = new Set(['Cầu', 'Trại', 'Chợ', 'Đình']);
const VILLAGE_SINGLE: readonly string[] = ['Đông', 'Đoài', 'Nam', 'Bắc', 'Trung', 'Thượng', 'Hạ', 'Chùa', 'Mới', 'Đìa'];

/** Makes unique branch names within one ward. */
export class BranchNamer {
  private readonly used = new Set<string>();
  private residentialNumber = 0;
  private agencyIndex = 0;
  private readonly residentialStyle: 'Tổ dân phố' | 'Khu dân cư' | 'Thôn';
  private readonly villages: string[];

  constructor(
    private readonly random: Random,
    private readonly ward: WardName,
  ) {
    this.residentialStyle = ward.level === 'xã' ? 'Thôn' : random.chance(0.7) ? 'Tổ dân phố' : 'Khu dân cư';
    this.villages = [];
    if (ward.level === 'xã') {
      const pairs: string[] = [];
      for (const a of VILLAGE_SYLLABLES) {
        for (const b of VILLAGE_SYLLABLES) if (a !== b && !VILLAGE_FIRST_ONLY.has(b)) pairs.push(`${a} ${b}`);
      }
      random.shuffle(pairs);
      this.villages = [...random.shuffle([...VILLAGE_SINGLE]).slice(0, 4), ...pairs];
    }
  }

  private fill(template: string): string {
    return template.replaceAll('{level}', this.ward.level);
  }

  private claim(name: string, place: string): BranchName | null {
    if (this.used.has(name)) return null;
    this.used.add(name);
    return { name, place };
  }

  /** Claims `base`, or "base 2", "base 3", … when a name repeats. */
  private claimUnique(base: string, place: (name: string) => string): BranchName {
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base} ${n}`;
    this.used.add(name);
    return { name, place: place(name) };
  }

  next(kind: BranchKindName): BranchName {
    switch (kind) {
      case 'residential': {
        if (this.residentialStyle === 'Thôn') {
          const village = this.villages[this.residentialNumber++];
          if (village) {
            const claimed = this.claim(`Chi bộ Thôn ${village}`, `Nhà văn hóa thôn ${village}`);
            if (claimed) return claimed;
          }
          return this.claimUnique(`Chi bộ Cụm dân cư số ${this.residentialNumber}`, () => `Nhà văn hóa cụm dân cư số ${this.residentialNumber}`);
        }
        const n = ++this.residentialNumber;
        const lower = this.residentialStyle === 'Tổ dân phố' ? 'tổ dân phố' : 'khu dân cư';
        return this.claimUnique(`Chi bộ ${this.residentialStyle} số ${n}`, () => `Nhà văn hóa ${lower} số ${n}`);
      }
      case 'agency': {
        const entry = AGENCIES[this.agencyIndex++ % AGENCIES.length]!;
        return this.claimUnique(this.fill(entry[0]), () => this.fill(entry[1]));
      }
      case 'school': {
        const level = this.random.pick(['Mầm non', 'Mầm non', 'Tiểu học', 'Tiểu học', 'THCS', 'THCS', 'THPT'] as const);
        const namePool = level === 'Mầm non' ? KINDERGARTEN_NAMES : SCHOOL_PATRONS;
        for (let attempt = 0; attempt < 6; attempt++) {
          const roll = this.random.next();
          const suffix =
            roll < 0.45 ? this.ward.name : roll < 0.55 ? `${this.ward.name} ${this.random.pick(['A', 'B'])}` : this.random.pick(namePool);
          const school = `Trường ${level} ${suffix}`;
          const claimed = this.claim(`Chi bộ ${school}`, `Phòng họp ${school}`);
          if (claimed) return claimed;
        }
        const school = `Trường ${level} ${this.random.pick(namePool)}`;
        return this.claimUnique(`Chi bộ ${school}`, () => `Phòng họp ${school}`);
      }
      case 'enterprise': {
        const form = this.random.chance(0.8) ? 'Công ty Cổ phần' : 'Công ty TNHH Một thành viên';
        for (let attempt = 0; attempt < 6; attempt++) {
          const company = `${form} ${this.random.pick(COMPANY_SECTORS)} ${this.random.pick(COMPANY_BRANDS)}`;
          const claimed = this.claim(`Chi bộ ${company}`, `Phòng họp ${company}`);
          if (claimed) return claimed;
        }
        const company = `${form} ${this.random.pick(COMPANY_SECTORS)} ${this.random.pick(COMPANY_BRANDS)}`;
        return this.claimUnique(`Chi bộ ${company}`, () => `Phòng họp ${company}`);
      }
      case 'other': {
        const fitting = OTHER_UNITS.filter(([, level]) => level === null || level === this.ward.level);
        for (const [unit] of [fitting[0]!, ...this.random.shuffle([...fitting])]) {
          const claimed = this.claim(`Chi bộ ${unit}`, `Trụ sở ${unit} ${this.ward.level}`);
          if (claimed) return claimed;
        }
        const [unit] = this.random.pick(fitting);
        return this.claimUnique(`Chi bộ ${unit}`, () => `Trụ sở ${unit} ${this.ward.level}`);
      }
    }
  }
}

/** Why an absent member could not come (absent with an approved reason). */
export const ABSENCE_REASONS: readonly string[] = ['Ốm', 'Đi công tác', 'Việc gia đình', 'Đi viện'];
