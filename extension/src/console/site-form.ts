import type { SiteSettings, SurveyQuestion } from '@rs/protocol';

/** Survey questions as an admin types them: one per line, `rating: label` or `text: label`. */
export function questionsToText(questions: readonly SurveyQuestion[]): string {
  return questions.map((q) => `${q.kind}: ${q.label}`).join('\n');
}

export function textToQuestions(text: string): SurveyQuestion[] {
  const questions: SurveyQuestion[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(rating|text)\s*:\s*(.+)$/i.exec(line);
    const kind = match ? (match[1]!.toLowerCase() as SurveyQuestion['kind']) : 'text';
    const label = (match ? match[2]! : line).trim().slice(0, 200);
    // The first rating and the first text question keep the default ids, so answers stay comparable across edits.
    const preferred = kind === 'rating' ? 'rating' : 'comment';
    questions.push({ id: questions.some((q) => q.id === preferred) ? `q${questions.length + 1}` : preferred, kind, label });
  }
  return questions.slice(0, 10);
}

/** Optional whole numbers from a text field: empty is null. */
export function optionalInt(text: string): number | null {
  const t = text.trim();
  return t === '' ? null : Number.parseInt(t, 10);
}

export type SettingsDraft = Omit<SiteSettings, 'surveyQuestions' | 'maxWaitSeconds' | 'noRepUrl'> & {
  surveyText: string;
  maxWaitText: string;
  noRepUrlText: string;
};

export function toDraft(s: SiteSettings): SettingsDraft {
  const { surveyQuestions, maxWaitSeconds, noRepUrl, ...rest } = s;
  return { ...rest, surveyText: questionsToText(surveyQuestions), maxWaitText: maxWaitSeconds === null ? '' : String(maxWaitSeconds), noRepUrlText: noRepUrl ?? '' };
}

export function fromDraft(d: SettingsDraft): SiteSettings {
  const { surveyText, maxWaitText, noRepUrlText, ...rest } = d;
  return { ...rest, surveyQuestions: textToQuestions(surveyText), maxWaitSeconds: optionalInt(maxWaitText), noRepUrl: noRepUrlText.trim() || null };
}
