/** Text typed into a number input becomes a number when it parses; otherwise the text stays so validation can name it. */
export function numberValue(raw: string): unknown {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isNaN(n) ? raw : n;
}
