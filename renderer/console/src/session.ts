// Why the sign-in page came back (the session ended on the server), shown once above the form.
let notice: string | null = null;

export function setSessionNotice(text: string | null) {
  notice = text;
}

export function takeSessionNotice(): string | null {
  const text = notice;
  notice = null;
  return text;
}
