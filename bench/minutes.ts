// `npm run bench -- minutes`: exporting the minutes of a meeting of about 60 members with 10 opinions as .docx and as
// PDF (Chromium's print of the print view), and the ward's month table over 60 branches. Targets (issue 4): .docx under
// 300 ms, PDF under 1.5 s, the month table under 50 ms.
import fs from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import type { SessionUser } from '../core/api';
import { startRuntime } from '../core/runtime';
import * as meetings from '../core/services/meetings';
import { exportDocx, exportPdf } from '../core/services/minutesExport';
import { generate } from '../db/generate/generate';
import { makeTempDir } from '../db/testing';

const ADMIN: SessionUser = { id: 'bench', username: 'bench', displayName: 'Bench', role: 'ward_admin', branchId: null, branchName: null };

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { runs: samples.length, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(sorted.at(-1)!) };
}

async function time(runs: number, fn: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = makeTempDir('chibo-bench-minutes-');
  const runtime = startRuntime({ dataDir: dir, host: 'cli', appVersion: 'bench', log: () => {} });
  try {
    const ctx = runtime.context;
    const sqlite = runtime.store.sqlite;
    const siteId = uuidv7();
    process.stderr.write('Generating a ward: 60 branches, 3,000 members, ten years of meetings…\n');
    const generated = generate(sqlite, { preset: 'ward', ownerSite: siteId, now: ctx.clock(), hlc: ctx.hlc });
    const wardId = generated.wardIds[0]!;
    sqlite.prepare('INSERT INTO sites (id, organisation_id, name, is_self, created_at) VALUES (?, ?, ?, 1, ?)').run(siteId, wardId, 'bench', ctx.clock());
    sqlite.prepare("INSERT INTO settings (key, value) VALUES ('ward.id', ?)").run(JSON.stringify(wardId));

    // The branch whose roll is closest to 60 members.
    const branch = sqlite
      .prepare(
        `SELECT branch_id AS id, count(*) AS n FROM members WHERE standing IN ('active', 'exempt', 'away') GROUP BY branch_id ORDER BY abs(count(*) - 60) LIMIT 1`,
      )
      .get() as { id: string; n: number };
    const { ids } = meetings.plan({ branchIds: [branch.id], kind: 'regular', scheduledAt: '2026-12-05T19:30', place: 'Nhà văn hóa' }, ctx, ADMIN);
    let m = meetings.detail(ctx, ADMIN, ids[0]!);
    const officials = m.roll.filter((r) => r.expected && r.status === 'official');
    m = meetings.update(
      { id: m.id, version: m.version, kind: 'regular', scheduledAt: m.scheduledAt, place: m.place!, chairId: officials[0]!.memberId, secretaryId: officials[1]!.memberId, guests: [{ name: 'Đỗ Minh Châu', role: 'Đảng ủy viên' }], endedAt: '21:10', conclusion: 'Chi bộ thống nhất các nhiệm vụ.' },
      ctx,
      ADMIN,
    );
    meetings.saveDraft({ meetingId: m.id, sections: [{ heading: 'I. NHIỆM VỤ', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết toàn dân tộc ở khu dân cư.', 'Vận động quỹ vì người nghèo.'] }] }, ctx, ADMIN);
    meetings.markAttendance({ meetingId: m.id, marks: m.roll.filter((r) => r.expected).map((r, i) => ({ memberId: r.memberId, presence: i % 15 === 3 ? ('absent_excused' as const) : ('present' as const), reason: i % 15 === 3 ? 'Ốm' : null })) }, ctx, ADMIN);
    for (let i = 0; i < 10; i++) {
      const speaker = officials[(i + 2) % officials.length]!;
      meetings.addOpinion({ meetingId: m.id, memberId: speaker.memberId, speakerName: speaker.name, summary: `Ý kiến thứ ${i + 1}: đề nghị chi bộ quan tâm hơn đến công tác vận động nhân dân giữ gìn vệ sinh môi trường và an ninh trật tự trên địa bàn.` }, ctx, ADMIN);
    }
    m = meetings.detail(ctx, ADMIN, m.id);
    meetings.recordVote({ meetingId: m.id, for: m.denominator.eligiblePresent, against: 0, abstain: 0 }, ctx, ADMIN);
    meetings.markHeld({ id: m.id }, ctx, ADMIN);

    const input = { meetingId: m.id, resolution: false };
    await exportDocx(input, ctx, ADMIN); // warm-up
    const docx = stats(await time(30, () => exportDocx(input, ctx, ADMIN)));
    process.stderr.write(`docx: ${JSON.stringify(docx)}\n`);
    let pdf: ReturnType<typeof stats> | { skipped: string };
    if (fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
      await exportPdf(input, ctx, ADMIN);
      pdf = stats(await time(10, () => exportPdf(input, ctx, ADMIN)));
    } else pdf = { skipped: 'Chromium is not installed (/usr/bin/chromium)' };
    process.stderr.write(`pdf: ${JSON.stringify(pdf)}\n`);
    const month = (() => {
      const d = new Date();
      d.setMonth(d.getMonth() - 2);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    })();
    meetings.month({ month }, ctx, ADMIN);
    const monthTable = stats(await time(200, () => meetings.month({ month }, ctx, ADMIN)));
    return {
      branches: generated.branches,
      members: generated.members,
      meetingsInDatabase: generated.meetings + 1,
      rollMembers: m.roll.length,
      opinions: 10,
      docx,
      pdf,
      monthTable: { month, rows: meetings.month({ month }, ctx, ADMIN).length, ...monthTable },
      node: process.version,
    };
  } finally {
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
