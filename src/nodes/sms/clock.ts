/** "12:01": the local time of day for status texts such as "sent to +852…35 12:01". */
export function clock(date: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
