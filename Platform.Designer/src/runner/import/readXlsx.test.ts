import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readXlsx } from './readXlsx';

/** A minimal zip (deflated entries and a central directory), as spreadsheet programs write it. */
function zip(files: Record<string, string>): ArrayBuffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = deflateRawSync(Buffer.from(content));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(Buffer.byteLength(content), 22); local.writeUInt16LE(nameBytes.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(data.length, 20); dir.writeUInt32LE(Buffer.byteLength(content), 24); dir.writeUInt16LE(nameBytes.length, 28); dir.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dirBytes.length, 12); end.writeUInt32LE(offset, 16);
  const all = Buffer.concat([...locals, dirBytes, end]);
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
}

describe('reading an xlsx in the browser', () => {
  it('gives the header row and cells of the first sheet: shared strings, inline strings, numbers, gaps', async () => {
    const workbook = zip({
      '[Content_Types].xml': '<Types/>',
      'xl/sharedStrings.xml': '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>客户名称</t></si><si><t>金额</t></si><si><r><t>甲</t></r><r><t>公司</t></r></si></sst>',
      'xl/worksheets/sheet1.xml': '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>备注</t></is></c></row>'
        + '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="C2" t="inlineStr"><is><t>x</t></is></c></row>'
        + '<row r="3"><c r="B3"><v>12.5</v></c></row>'
        + '</sheetData></worksheet>',
    });
    expect(await readXlsx(workbook)).toEqual({ headers: ['客户名称', '金额', '备注'], rows: [['甲公司', '', 'x'], ['', '12.5']] });
  });

  it('refuses a file that is not a zip', async () => {
    await expect(readXlsx(new TextEncoder().encode('name,amount\n').buffer as ArrayBuffer)).rejects.toThrow('not a zip file');
  });
});
