// A deterministic generator of realistic data: the superior committee, its wards (Đảng bộ phường/xã), their branches,
// members, ten years of monthly meetings and the attendance at each. The same seed gives the same names, counts and
// statuses; only the uuid v7 ids and, with a live clock, the updated_at stamps differ between runs.
//
// It writes straight to SQLite with prepared statements, one transaction per ward, so an interrupted run leaves whole
// wards only; a one-ward run (the demo) is all-or-nothing. Called inside an open transaction (first-start setup does
// that), the ward transactions become savepoints of the caller's and the connection's pragmas are left alone.
import type BetterSqlite3 from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { createHlc, type Hlc } from '../hlc';
import { foldDiacritics, nameSortKey } from '../names';
import { ABSENCE_REASONS, BranchNamer, HANOI_WARDS, MAX_AGENCY_BRANCHES, personName, wardOrganisationName, type BranchKindName, type WardName } from './names';
import { addYears, dayOf, formatDay, mixSeed, partsOfDay, Random, weekdayOf } from './random';

export type GeneratePreset = 'demo' | 'ward' | 'city';

export interface GenerateProgress {
  /** 'branches' after each branch is written; 'wards' after each ward's transaction commits. */
  phase: 'branches' | 'wards';
  done: number;
  total: number;
}

export interface GenerateOptions {
  /** Sizes to start from (default 'demo'); the explicit numbers below override it. */
  preset?: GeneratePreset;
  /** Wards (Đảng bộ phường/xã) under the superior, at most 126 (Hà Nội's units). */
  wards?: number;
  /** Branches in all, spread unevenly over the wards. */
  branches?: number;
  /** Members in all, spread unevenly over the branches (roughly 5–120 each). */
  members?: number;
  /** Years of monthly meetings, ending at `endMonth`. */
  years?: number;
  /** 'YYYY-MM', the last month with meetings; default the month before `now` (Hà Nội time). */
  endMonth?: string;
  seed?: number;
  /** owner_site of every row written. */
  ownerSite: string;
  /** Wall-clock milliseconds: ages are counted to this day and updated_at stamps start here. Default Date.now(). */
  now?: number;
  /** The committee above the wards. Default Đảng bộ Thành phố Hà Nội, kind 'province'. */
  superior?: { name: string; kind: 'province' | 'district' };
  /** A clock to stamp updated_at with, e.g. the application's; default a fresh one stopped at `now`. */
  hlc?: Hlc;
  onProgress?: (progress: GenerateProgress) => void;
}

export interface GenerateSummary {
  superiorId: string;
  wardIds: string[];
  branches: number;
  members: number;
  meetings: number;
  attendance: number;
  elapsedMs: number;
  /** The greatest updated_at written; a caller with its own clock should `receive` it. */
  lastStamp: number;
}

interface Sizes {
  wards: number;
  branches: number;
  members: number;
  years: number;
}

export const GENERATE_PRESETS: Readonly<Record<GeneratePreset, Sizes>> = {
  demo: { wards: 1, branches: 20, members: 652, years: 1 },
  ward: { wards: 1, branches: 60, members: 3_000, years: 10 },
  // Hà Nội, late 2023 (DOMAIN.md, Scale), over the 126 units of 2025.
  city: { wards: 126, branches: 16_762, members: 475_880, years: 10 },
};

export const DEFAULT_SUPERIOR = { name: 'Đảng bộ Thành phố Hà Nội', kind: 'province' } as const;
/** The ward a one-ward run keeps. */
export const DEMO_WARD: WardName = { name: 'Hồng Hà', level: 'phường' };

const HANOI_OFFSET_MS = 7 * 3_600_000;
const ATTENDANCE_BATCH = 50;
const ATTENDANCE_COLUMNS = 5;

// ---- Planning: how many branches each ward has, of which kinds, and how many members each -------------------------

/**
 * Splits `total` into integers proportional to `weights`, each within [min, max], summing exactly to `total`.
 * Shares that would pass a bound are pinned to it and the rest is split again.
 */
export function distribute(total: number, weights: readonly number[], min: number, max: number): number[] {
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new RangeError(`cannot split ${total} into no parts`);
    return [];
  }
  if (total < n * min || total > n * max) throw new RangeError(`cannot split ${total} into ${n} parts of ${min}–${max}`);
  const result = new Array<number>(n).fill(0);
  const share = new Array<number>(n).fill(0);
  const pinned = new Uint8Array(n);
  let remaining = total;
  for (let round = 0; round < n + 1; round++) {
    let sum = 0;
    for (let i = 0; i < n; i++) if (!pinned[i]) sum += weights[i]!;
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (pinned[i]) continue;
      const s = sum > 0 ? (weights[i]! * remaining) / sum : remaining / n;
      share[i] = s;
      if (s > max || s < min) {
        result[i] = s > max ? max : min;
        pinned[i] = 1;
        remaining -= result[i]!;
        changed = true;
      }
    }
    if (!changed) break;
  }
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    if (!pinned[i]) result[i] = Math.max(min, Math.min(max, Math.floor(share[i]!)));
    assigned += result[i]!;
  }
  // Hand out what rounding left, largest remainders first; take back in the same order if pinning overshot.
  const order = [...result.keys()].sort((a, b) => share[b]! - Math.floor(share[b]!) - (share[a]! - Math.floor(share[a]!)) || a - b);
  while (assigned !== total) {
    const step = assigned < total ? 1 : -1;
    let moved = false;
    for (const i of order) {
      if (assigned === total) break;
      const next = result[i]! + step;
      if (next < min || next > max) continue;
      result[i] = next;
      assigned += step;
      moved = true;
    }
    if (!moved) throw new RangeError('distribute: no room left');
  }
  return result;
}

/** Kinds of a ward's branches in the order the ward lists them: agencies, residential, schools, enterprises, others. */
function branchKinds(count: number, level: WardName['level'], random: Random): BranchKindName[] {
  let agency: number, school: number, enterprise: number, other: number;
  if (count >= 10) {
    agency = Math.min(MAX_AGENCY_BRANCHES, Math.max(3, Math.round(count * random.range(0.04, 0.06))));
    school = Math.max(1, Math.round(count * random.range(0.07, 0.11)));
    enterprise = Math.max(1, Math.round(count * (level === 'xã' ? random.range(0.02, 0.04) : random.range(0.05, 0.09))));
    other = Math.max(1, Math.round(count * random.range(0.02, 0.05)));
  } else {
    agency = count >= 3 ? 1 : 0;
    school = count >= 5 ? 1 : 0;
    enterprise = count >= 7 ? 1 : 0;
    other = count >= 9 ? 1 : 0;
  }
  const residential = count - agency - school - enterprise - other;
  return [
    ...new Array<BranchKindName>(agency).fill('agency'),
    ...new Array<BranchKindName>(residential).fill('residential'),
    ...new Array<BranchKindName>(school).fill('school'),
    ...new Array<BranchKindName>(enterprise).fill('enterprise'),
    ...new Array<BranchKindName>(other).fill('other'),
  ];
}

/** Relative size of a branch of this kind: log-normal around a typical size. */
function branchWeight(kind: BranchKindName, random: Random): number {
  const [median, spread] =
    kind === 'residential' ? [33, 0.5] : kind === 'agency' ? [16, 0.45] : kind === 'school' ? [14, 0.4] : kind === 'enterprise' ? [11, 0.5] : [15, 0.5];
  return median * Math.exp(random.normal(0, spread));
}

interface WardPlan {
  ward: WardName;
  random: Random;
  kinds: BranchKindName[];
  sizes: number[];
}

// ---- Members ------------------------------------------------------------------------------------------------------

const STANDING_ACTIVE = 0;
const STANDING_EXEMPT = 1;
const STANDING_AWAY = 2;
const STANDING_NAMES = ['active', 'exempt', 'away'] as const;

/** Birth provinces by citizen-ID code (CCCD): Hà Nội first, then the neighbours most Hà Nội people come from. */
const BIRTH_PROVINCES: readonly string[] = ['034', '036', '035', '030', '033', '037', '038', '040', '042', '022', '025', '026', '027', '024', '031'];
const MOBILE_PREFIXES: readonly string[] = ['096', '097', '098', '086', '091', '094', '088', '090', '093', '089', '032', '033', '034', '035', '036', '037', '038', '039', '083', '084', '085', '070', '077', '079'];

/** 1,000,000 six-digit serials in a scrambled order: (a·i + b) mod 10⁶ is a bijection when gcd(a, 10⁶) = 1. */
function scrambled6(index: number, offset: number): string {
  return String((index * 618_033 + offset) % 1_000_000).padStart(6, '0');
}

interface BranchMembers {
  ids: string[];
  admission: Int32Array;
  official: Int32Array;
  standing: Uint8Array;
  /** Chance of missing a meeting. */
  absence: Float64Array;
}

// ---- The generator ------------------------------------------------------------------------------------------------

function resolveSizes(options: GenerateOptions): Sizes {
  const base = GENERATE_PRESETS[options.preset ?? 'demo'];
  const sizes: Sizes = {
    wards: options.wards ?? base.wards,
    branches: options.branches ?? base.branches,
    members: options.members ?? base.members,
    years: options.years ?? base.years,
  };
  for (const key of ['wards', 'branches', 'members', 'years'] as const) {
    if (!Number.isInteger(sizes[key]) || sizes[key] < 1) throw new RangeError(`generate: ${key} must be a positive integer`);
  }
  if (sizes.wards > HANOI_WARDS.length) throw new RangeError(`generate: at most ${HANOI_WARDS.length} wards`);
  if (sizes.branches < sizes.wards) throw new RangeError('generate: every ward needs at least one branch');
  if (sizes.members < sizes.branches) throw new RangeError('generate: every branch needs at least one member');
  if (sizes.members > 999_999) throw new RangeError('generate: card numbers allow at most 999,999 members');
  return sizes;
}

function monthBefore(now: number): string {
  const d = new Date(now + HANOI_OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth(); // 0-based: the previous month, 1-based
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

export function generate(sqlite: BetterSqlite3.Database, options: GenerateOptions): GenerateSummary {
  const started = performance.now();
  const sizes = resolveSizes(options);
  const now = options.now ?? Date.now();
  const seed = options.seed ?? 1;
  const ownerSite = options.ownerSite;
  const superior = options.superior ?? DEFAULT_SUPERIOR;
  const hlc = options.hlc ?? createHlc(() => now);
  const endMonth = options.endMonth ?? monthBefore(now);
  const endMatch = /^(\d{4})-(\d{2})$/.exec(endMonth);
  if (!endMatch || Number(endMatch[2]) < 1 || Number(endMatch[2]) > 12) throw new RangeError(`generate: endMonth must be 'YYYY-MM', not ${endMonth}`);
  const endYear = Number(endMatch[1]);
  const endMonthNumber = Number(endMatch[2]);
  const endDay = dayOf(endYear, endMonthNumber + 1, 0); // last day of endMonth
  const officialLimit = addYears(endDay, -1); // admitted by then: official by the end of endMonth
  const today = Math.floor((now + HANOI_OFFSET_MS) / 86_400_000);
  const months = sizes.years * 12;
  const firstMonthIndex = endYear * 12 + (endMonthNumber - 1) - (months - 1);

  // -- Plan: wards, branch counts and kinds, branch sizes.
  const master = Random.derive(seed, 'plan');
  const wardNames: WardName[] = sizes.wards === 1 ? [DEMO_WARD] : HANOI_WARDS.slice(0, sizes.wards);
  const branchesPerWard = distribute(
    sizes.branches,
    wardNames.map(() => master.range(0.5, 1.6)),
    1,
    sizes.branches,
  );
  const plans: WardPlan[] = wardNames.map((ward, i) => {
    const random = Random.derive(seed, `ward:${i}`);
    return { ward, random, kinds: branchKinds(branchesPerWard[i]!, ward.level, random), sizes: [] };
  });
  const allWeights: number[] = [];
  for (const plan of plans) for (const kind of plan.kinds) allWeights.push(branchWeight(kind, plan.random));
  const average = sizes.members / sizes.branches;
  const allSizes = distribute(sizes.members, allWeights, Math.min(5, Math.floor(average)), Math.max(120, Math.ceil(average)));
  let cursor = 0;
  for (const plan of plans) plan.sizes = allSizes.slice(cursor, (cursor += plan.kinds.length));

  // -- Statements.
  const insertOrganisation = sqlite.prepare(
    'INSERT INTO organisations (id, parent_id, kind, name, sort_order, branch_kind, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertMember = sqlite.prepare(
    `INSERT INTO members (id, branch_id, full_name, sort_key, search_name, gender, birth_date, admission_date, official_date,
       card_number, citizen_id, phone, status, standing, owner_site, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMeeting = sqlite.prepare(
    `INSERT INTO meetings (id, branch_id, kind, scheduled_at, place, status, chair_id, secretary_id, owner_site, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const adoptMeeting = sqlite.prepare('UPDATE meetings SET status = ? WHERE id = ?');
  const insertAttendanceOne = sqlite.prepare('INSERT INTO attendance (meeting_id, member_id, status, reason, updated_at) VALUES (?, ?, ?, ?, ?)');
  const insertAttendanceBatch = sqlite.prepare(
    `INSERT INTO attendance (meeting_id, member_id, status, reason, updated_at) VALUES ${new Array(ATTENDANCE_BATCH).fill('(?, ?, ?, ?, ?)').join(', ')}`,
  );
  const batch: unknown[] = new Array(ATTENDANCE_BATCH * ATTENDANCE_COLUMNS);
  let batchRows = 0;
  const flushAttendance = () => {
    if (batchRows === ATTENDANCE_BATCH) {
      insertAttendanceBatch.run(batch);
    } else {
      for (let r = 0; r < batchRows; r++) {
        const o = r * ATTENDANCE_COLUMNS;
        insertAttendanceOne.run(batch[o], batch[o + 1], batch[o + 2], batch[o + 3], batch[o + 4]);
      }
    }
    batchRows = 0;
  };

  // -- Counters that run across wards, so identifiers stay unique in the whole file.
  const cardOffset = Math.floor(Random.derive(seed, 'cards').next() * 1_000_000);
  const citizenSeed = mixSeed(seed >>> 0, 'citizens');
  let cardCount = 0;
  // Per prefix (birth province, century and gender, year): how many serials are taken, and where the scramble starts.
  const citizenSerials = new Map<string, { next: number; offset: number }>();
  const totals = { branches: 0, members: 0, meetings: 0, attendance: 0 };
  let lastStamp = 0;
  const stamp = () => (lastStamp = hlc.now());

  const superiorId = uuidv7();
  const wardIds: string[] = [];

  const writeMember = (random: Random, branchId: string, kind: BranchKindName, branchName: string, into: BranchMembers, index: number) => {
    const probationary = random.chance(0.03);
    // Age on `today`, by the kind of branch: residential branches are mostly retired people.
    let age: number;
    if (probationary) age = random.int(22, 40);
    else if (kind === 'residential') age = random.chance(0.6) ? Math.min(90, 60 + Math.abs(random.normal(0, 12))) : random.range(24, 60);
    else if (kind === 'other') age = branchName.includes('Cựu chiến binh') || branchName.includes('Hưu trí') ? random.range(58, 90) : random.range(35, 75);
    else if (branchName.includes('Công an') || branchName.includes('Quân sự')) age = random.range(22, 52);
    else age = random.range(23, 60);
    const ageYears = Math.floor(age);
    const birthDay = addYears(today, -ageYears) - random.int(1, 364);
    const birthYear = partsOfDay(birthDay).year;
    const maleShare =
      kind === 'school' ? 0.22 : kind === 'agency' ? (branchName.includes('Công an') || branchName.includes('Quân sự') ? 0.88 : 0.5) : kind === 'other' ? 0.7 : 0.54;
    const gender = random.chance(maleShare) ? 'male' : 'female';
    const fullName = personName(random, gender, birthYear);

    const adult = addYears(birthDay, 18);
    let admissionDay: number;
    if (probationary) {
      admissionDay = Math.max(adult, random.int(officialLimit + 1, Math.min(endDay, today)));
    } else {
      // Most join between 18 and 30; a young member joined some time between 18 and a year before endMonth.
      const ageAtAdmission = 18 + Math.abs(random.normal(0, 7)) + (random.chance(0.1) ? random.range(0, 15) : 0);
      admissionDay = addYears(birthDay, Math.floor(ageAtAdmission)) + random.int(0, 364);
      if (admissionDay > officialLimit) admissionDay = random.int(Math.min(adult, officialLimit), officialLimit);
    }
    const officialDay = probationary ? -1 : addYears(admissionDay, 1);

    let standing = STANDING_ACTIVE;
    if (!probationary) {
      const exemptChance =
        kind === 'residential' || (kind === 'other' && age >= 58)
          ? ageYears >= 80 ? 0.7 : ageYears >= 75 ? 0.4 : ageYears >= 70 ? 0.18 : ageYears >= 65 ? 0.06 : 0.015
          : 0.012;
      if (random.chance(exemptChance)) standing = STANDING_EXEMPT;
      else if (random.chance(0.02)) standing = STANDING_AWAY;
    }

    const yy = String(birthYear % 100).padStart(2, '0');
    const centuryGender = (birthYear >= 2000 ? 2 : 0) + (gender === 'male' ? 0 : 1);
    const province = random.chance(0.82) ? '001' : random.pick(BIRTH_PROVINCES);
    const prefix = `${province}${centuryGender}${yy}`;
    let serials = citizenSerials.get(prefix);
    if (!serials) citizenSerials.set(prefix, (serials = { next: 0, offset: mixSeed(citizenSeed, prefix) % 1_000_000 }));
    const citizenId = prefix + scrambled6(serials.next++, serials.offset);
    const cardNumber = `01.${scrambled6(cardCount++, cardOffset)}`;
    const phone = random.chance(ageYears >= 80 ? 0.8 : 0.98)
      ? random.pick(MOBILE_PREFIXES) + String(random.int(0, 9_999_999)).padStart(7, '0')
      : null;

    const id = uuidv7();
    insertMember.run(
      id,
      branchId,
      fullName,
      nameSortKey(fullName),
      foldDiacritics(fullName),
      gender,
      formatDay(birthDay),
      formatDay(admissionDay),
      probationary ? null : formatDay(officialDay),
      cardNumber,
      citizenId,
      phone,
      probationary ? 'probationary' : 'official',
      STANDING_NAMES[standing],
      ownerSite,
      stamp(),
    );
    into.ids[index] = id;
    into.admission[index] = admissionDay;
    into.official[index] = officialDay;
    into.standing[index] = standing;
    // Most members rarely miss a meeting; a few often do.
    const habit = random.next();
    into.absence[index] = habit < 0.8 ? 0.065 : habit < 0.95 ? 0.15 : 0.28;
  };

  const writeBranch = (plan: WardPlan, wardId: string, namer: BranchNamer, index: number) => {
    const { random } = plan;
    const kind = plan.kinds[index]!;
    const size = plan.sizes[index]!;
    const { name, place } = namer.next(kind);
    const branchId = uuidv7();
    insertOrganisation.run(branchId, wardId, 'branch', name, index + 1, kind, ownerSite, stamp());

    const members: BranchMembers = {
      ids: new Array<string>(size),
      admission: new Int32Array(size),
      official: new Int32Array(size),
      standing: new Uint8Array(size),
      absence: new Float64Array(size),
    };
    for (let m = 0; m < size; m++) writeMember(random, branchId, kind, name, members, m);
    totals.members += size;

    // Officers: the secretary (bí thư) and deputy among the most senior official active members; minute-takers rotate.
    const officials: number[] = [];
    for (let m = 0; m < size; m++) if (members.official[m]! >= 0 && members.standing[m] === STANDING_ACTIVE) officials.push(m);
    officials.sort((a, b) => members.official[a]! - members.official[b]! || a - b);
    const senior = officials.slice(0, 4);
    random.shuffle(senior);
    const secretary = senior[0] ?? -1;
    const deputy = senior[1] ?? -1;
    const takers = random.shuffle(officials.filter((m) => m !== secretary && m !== deputy)).slice(0, 3);
    const eligible = (m: number, day: number) => m >= 0 && members.official[m]! <= day;

    // Habits: when and where the branch meets, and which month of each quarter holds the thematic part.
    const habit =
      kind === 'residential' ? (random.chance(0.6) ? 'weekend-morning' : 'weekday-evening') : kind === 'other' ? 'weekend-morning' : 'weekday-afternoon';
    const time = habit === 'weekend-morning' ? '08:00' : habit === 'weekday-evening' ? '19:30' : kind === 'school' ? '16:30' : '14:00';
    const thematicMonth = random.int(0, 2);
    const toAdopt: [string, string][] = [];

    for (let i = 0; i < months; i++) {
      const monthIndex = firstMonthIndex + i;
      const year = Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      const firstOfMonth = dayOf(year, month, 1);
      const candidates: number[] = [];
      for (let d = 5; d <= 15; d++) {
        const day = firstOfMonth + d - 1;
        const weekday = weekdayOf(day);
        const weekend = weekday === 0 || weekday === 6;
        if (habit === 'weekend-morning' ? weekend : !weekend) candidates.push(day);
      }
      const meetingDay = random.pick(candidates);
      const kindOfMeeting = (month - 1) % 3 === thematicMonth ? 'combined' : 'regular';
      const planned = meetingDay > today;
      const status = planned ? 'planned' : random.chance(0.8) ? 'adopted' : 'sent';

      let chair = eligible(secretary, meetingDay) && random.chance(0.85) ? secretary : eligible(deputy, meetingDay) ? deputy : -1;
      if (chair < 0) chair = eligible(secretary, meetingDay) ? secretary : (officials.find((m) => eligible(m, meetingDay)) ?? -1);
      const pool = takers.filter((m) => m !== chair && eligible(m, meetingDay));
      const minuteTaker = pool.length > 0 ? random.pick(pool) : (officials.find((m) => m !== chair && eligible(m, meetingDay)) ?? -1);

      const meetingId = uuidv7();
      // Adopted minutes lock their meeting (migration 4): written as held, adopted once its roll call is in.
      if (status !== 'planned') toAdopt.push([status, meetingId]);
      insertMeeting.run(
        meetingId,
        branchId,
        kindOfMeeting,
        `${formatDay(meetingDay)}T${time}`,
        place,
        status === 'planned' ? 'planned' : 'held',
        chair >= 0 ? members.ids[chair]! : null,
        minuteTaker >= 0 ? members.ids[minuteTaker]! : null,
        ownerSite,
        stamp(),
      );
      totals.meetings++;
      if (planned) continue;

      // Members in id order, so rows arrive in primary-key order (meeting ids are v7 and rise too).
      for (let m = 0; m < size; m++) {
        const standing = members.standing[m]!;
        if (standing === STANDING_AWAY || members.admission[m]! > meetingDay) continue;
        let state: string;
        let reason: string | null = null;
        if (standing === STANDING_EXEMPT) {
          if (!random.chance(0.2)) continue;
          state = 'present';
        } else if (m === chair || m === minuteTaker) {
          state = 'present';
        } else {
          const roll = random.next();
          const absence = members.absence[m]!;
          if (roll >= absence) state = 'present';
          else if (roll < absence * 0.75) {
            state = 'absent_excused';
            reason = ABSENCE_REASONS[Math.floor(random.next() * ABSENCE_REASONS.length)]!;
          } else state = 'absent_unexcused';
        }
        const o = batchRows * ATTENDANCE_COLUMNS;
        batch[o] = meetingId;
        batch[o + 1] = members.ids[m];
        batch[o + 2] = state;
        batch[o + 3] = reason;
        batch[o + 4] = stamp();
        if (++batchRows === ATTENDANCE_BATCH) flushAttendance();
        totals.attendance++;
      }
    }
    flushAttendance();
    for (const [status, meetingId] of toAdopt) adoptMeeting.run(status, meetingId);
    totals.branches++;
  };

  const writeWard = sqlite.transaction((plan: WardPlan, wardIndex: number) => {
    if (wardIndex === 0) insertOrganisation.run(superiorId, null, superior.kind, superior.name, 0, null, ownerSite, stamp());
    const wardId = uuidv7();
    insertOrganisation.run(wardId, superiorId, 'ward', wardOrganisationName(plan.ward), wardIndex + 1, null, ownerSite, stamp());
    const namer = new BranchNamer(plan.random, plan.ward);
    for (let b = 0; b < plan.kinds.length; b++) {
      writeBranch(plan, wardId, namer, b);
      options.onProgress?.({ phase: 'branches', done: totals.branches, total: sizes.branches });
    }
    return wardId;
  });

  // Bulk-load settings, only outside a caller's transaction (SQLite refuses to change them inside one).
  const tune = !sqlite.inTransaction;
  const saved = tune
    ? { synchronous: sqlite.pragma('synchronous', { simple: true }) as number, cacheSize: sqlite.pragma('cache_size', { simple: true }) as number }
    : null;
  try {
    if (tune) {
      sqlite.pragma('synchronous = OFF');
      sqlite.pragma('cache_size = -262144'); // 256 MiB
    }
    plans.forEach((plan, i) => {
      wardIds.push(writeWard(plan, i));
      options.onProgress?.({ phase: 'wards', done: i + 1, total: plans.length });
    });
  } finally {
    if (saved) {
      sqlite.pragma(`synchronous = ${saved.synchronous}`);
      sqlite.pragma(`cache_size = ${saved.cacheSize}`);
    }
  }

  return { superiorId, wardIds, ...totals, elapsedMs: Math.round(performance.now() - started), lastStamp };
}
