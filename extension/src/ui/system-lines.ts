/** System lines are shown as the server wrote them until the server sends them as codes (see the i18n README). */
export function systemLineText(text: string): string {
  return text;
}
