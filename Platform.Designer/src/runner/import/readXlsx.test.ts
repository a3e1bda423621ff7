import { describe, expect, it } from 'vitest';
import { readXlsx } from './readXlsx';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Response(bytes as BufferSource).body!.pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function header(size: number, fill: (v: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

/** A minimal zip (deflated entries and a central directory), as spreadsheet programs write it. */
async function zip(files: Record<string, string>): Promise<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = utf8(name);
    const plain = utf8(content);
    const data = await deflate(plain);
    parts.push(header(30, (v) => { v.setUint32(0, 0x04034b50, true); v.setUint16(8, 8, true); v.setUint32(18, data.length, true); v.setUint32(22, plain.length, true); v.setUint16(26, nameBytes.length, true); }), nameBytes, data);
    central.push(header(46, (v) => { v.setUint32(0, 0x02014b50, true); v.setUint16(10, 8, true); v.setUint32(20, data.length, true); v.setUint32(24, plain.length, true); v.setUint16(28, nameBytes.length, true); v.setUint32(42, offset, true); }), nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dirSize = central.reduce((n, p) => n + p.length, 0);
  const count = Object.keys(files).length;
  const end = header(22, (v) => { v.setUint32(0, 0x06054b50, true); v.setUint16(8, count, true); v.setUint16(10, count, true); v.setUint32(12, dirSize, true); v.setUint32(16, offset, true); });
  return new Blob([...parts, ...central, end] as BlobPart[]).arrayBuffer();
}

describe('reading an xlsx in the browser', () => {
  it('gives the header row and cells of the first sheet: shared strings, inline strings, numbers, gaps', async () => {
    const workbook = await zip({
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
