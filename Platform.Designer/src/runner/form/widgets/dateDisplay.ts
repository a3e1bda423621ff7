/** How a stored date or date-time reads in the light stand-in (local time for date-times). */
export function dateDisplay(value: unknown, withTime: boolean): string {
  if (typeof value !== 'string' || !value) return '';
  if (!withTime) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
