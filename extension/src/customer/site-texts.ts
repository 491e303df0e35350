import { DEFAULT_SITE_SETTINGS, type SiteSettings, type SurveyQuestion } from '@rs/protocol';
import { t } from '../i18n/index.ts';

/**
 * Texts an admin writes for customers are shown as written, in whatever
 * language the admin chose. Only the ones still as shipped (the server's
 * English defaults) are shown from the catalogue, in the customer's language.
 */
export function siteText(settings: SiteSettings, field: 'greeting' | 'holdMessage' | 'noRepMessage'): string {
  const own = settings[field];
  if (own !== DEFAULT_SITE_SETTINGS[field]) return own;
  return field === 'greeting' ? t('queue.defaultGreeting') : field === 'holdMessage' ? t('queue.defaultHold') : t('queue.defaultNoRep');
}

/** A survey question's label; the two shipped questions in the customer's language. */
export function surveyLabel(question: SurveyQuestion): string {
  const shipped = DEFAULT_SITE_SETTINGS.surveyQuestions.find((q) => q.id === question.id && q.label === question.label);
  if (!shipped) return question.label;
  return shipped.id === 'rating' ? t('survey.defaultRating') : shipped.id === 'comment' ? t('survey.defaultComment') : question.label;
}
