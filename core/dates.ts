// Calendar dates as the ward office lives them: in Vietnam's time zone, as 'YYYY-MM-DD'.
const DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

export function localDate(ms: number): string {
  return DATE.format(new Date(ms));
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy', for messages. */
export function displayDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
