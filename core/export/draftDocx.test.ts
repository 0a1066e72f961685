import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { readDraftDocx } from './draftDocx';

async function word(paragraphs: Paragraph[]): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] })));
}

describe('a draft resolution from Word', () => {
  it('takes sections from headings and keeps each paragraph, with diacritics and symbols', async () => {
    const bytes = await word([
      new Paragraph({ text: 'I. ĐÁNH GIÁ KẾT QUẢ THÁNG 11' }),
      new Paragraph({ text: 'Chi bộ hoàn thành 100% chỉ tiêu “quỹ vì người nghèo” & an sinh xã hội.' }),
      new Paragraph({ text: '' }),
      new Paragraph({ text: 'Nhiệm vụ trọng tâm tháng 12', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ text: 'Tổ chức tốt ngày hội đại đoàn kết.' }),
      new Paragraph({ text: 'Giữ gìn vệ sinh môi trường <khu dân cư>.' }),
    ]);
    expect(await readDraftDocx(bytes)).toEqual([
      { heading: 'I. ĐÁNH GIÁ KẾT QUẢ THÁNG 11', paragraphs: ['Chi bộ hoàn thành 100% chỉ tiêu “quỹ vì người nghèo” & an sinh xã hội.'] },
      { heading: 'Nhiệm vụ trọng tâm tháng 12', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết.', 'Giữ gìn vệ sinh môi trường <khu dân cư>.'] },
    ]);
  });

  it('refuses a file that is not a Word document, in Vietnamese', async () => {
    await expect(readDraftDocx(new TextEncoder().encode('%PDF-1.7 không phải Word'))).rejects.toThrow(/không phải văn bản Word/);
    await expect(readDraftDocx(await word([new Paragraph({ text: '' })]))).rejects.toThrow(/không có đoạn nội dung/);
  });
});
