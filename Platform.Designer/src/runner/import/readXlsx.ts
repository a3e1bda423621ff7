// Reads the first worksheet of an .xlsx file in the browser (header row and cells as text), so the
// wizard can map columns before uploading. An .xlsx is a zip of XML parts; entries are inflated
// with the browser's DecompressionStream, so no spreadsheet library is shipped.
import type { SheetData } from './importMapping';

interface Entry { name: string; method: number; offset: number; size: number }

function entries(bytes: Uint8Array): Map<string, Entry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const result = new Map<string, Entry>();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(p + 10, true);
    const size = view.getUint32(p + 20, true);
    const nameLength = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    result.set(name, { name, method, offset: dataStart, size });
    p += 46 + nameLength + extra + comment;
  }
  return result;
}

async function text(bytes: Uint8Array, entry: Entry | undefined): Promise<string | undefined> {
  if (!entry) return undefined;
  const raw = bytes.slice(entry.offset, entry.offset + entry.size);
  if (entry.method === 0) return new TextDecoder().decode(raw);
  const stream = new Response(raw).body!.pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.replace(/[0-9]/g, '')) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export async function readXlsx(buffer: ArrayBuffer): Promise<SheetData> {
  const bytes = new Uint8Array(buffer);
  const zip = entries(bytes);
  const parser = new DOMParser();
  const shared: string[] = [];
  const sst = await text(bytes, zip.get('xl/sharedStrings.xml'));
  if (sst) {
    const doc = parser.parseFromString(sst, 'application/xml');
    for (const si of Array.from(doc.getElementsByTagName('si')))
      shared.push(Array.from(si.getElementsByTagName('t')).map((t) => t.textContent ?? '').join(''));
  }
  const sheetName = [...zip.keys()].filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).sort()[0];
  const sheet = await text(bytes, zip.get(sheetName ?? ''));
  if (!sheet) throw new Error('no worksheet');
  const doc = parser.parseFromString(sheet, 'application/xml');
  const rows: string[][] = [];
  for (const row of Array.from(doc.getElementsByTagName('row'))) {
    const cells: string[] = [];
    for (const c of Array.from(row.getElementsByTagName('c'))) {
      const at = columnIndex(c.getAttribute('r') ?? '') ;
      const type = c.getAttribute('t');
      const v = c.getElementsByTagName('v')[0]?.textContent ?? '';
      const value = type === 's' ? shared[Number(v)] ?? '' : type === 'inlineStr' ? c.getElementsByTagName('t')[0]?.textContent ?? '' : v;
      cells[at >= 0 ? at : cells.length] = value;
    }
    rows.push(Array.from(cells, (x) => x ?? ''));
  }
  const nonEmpty = rows.filter((r) => r.some((c) => c.trim() !== ''));
  const [headers = [], ...rest] = nonEmpty;
  return { headers: headers.map((h) => h.trim()), rows: rest };
}
