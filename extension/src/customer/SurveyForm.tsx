import { useId, useState } from 'preact/hooks';
import type { SurveyQuestion } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { t } from '../i18n/index.ts';
import { surveyLabel } from './site-texts.ts';

interface SurveyFormProps {
  questions: readonly SurveyQuestion[];
  onSubmit: (answers: Record<string, number | string>) => Promise<void>;
}

/** The exit survey, after a session a representative served. */
export function SurveyForm({ questions, onSubmit }: SurveyFormProps) {
  const headingId = useId();
  const baseId = useId();
  const [answers, setAnswers] = useState<Record<string, number | string>>({});
  const [state, setState] = useState<'open' | 'sending' | 'sent'>('open');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setState('sending');
    setError(null);
    try {
      await onSubmit(answers);
      setState('sent');
    } catch (e) {
      setError(errorMessage(e));
      setState('open');
    }
  }

  if (state === 'sent') return <p role="status" class="status status--ok">{t('survey.thanks')}</p>;
  return (
    <form class="panel stack survey" aria-labelledby={headingId} onSubmit={(e) => void submit(e)}>
      <h2 id={headingId}>{t('survey.heading')}</h2>
      {questions.map((q) =>
        q.kind === 'rating' ? (
          <fieldset key={q.id} class="rating">
            <legend>{surveyLabel(q)}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} class="rating-choice">
                <input type="radio" name={`${baseId}-${q.id}`} value={n} checked={answers[q.id] === n} onChange={() => setAnswers({ ...answers, [q.id]: n })} />
                {n}
              </label>
            ))}
          </fieldset>
        ) : (
          <div key={q.id} class="stack">
            <label for={`${baseId}-${q.id}`}>{surveyLabel(q)}</label>
            <textarea id={`${baseId}-${q.id}`} rows={3} maxLength={2000} value={String(answers[q.id] ?? '')} onInput={(e) => setAnswers({ ...answers, [q.id]: e.currentTarget.value })} />
          </div>
        ),
      )}
      <button type="submit" class="primary" disabled={state === 'sending'}>
        {t('survey.send')}
      </button>
      {error && <Alert>{error}</Alert>}
    </form>
  );
}
