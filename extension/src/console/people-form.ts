import { AddRepRequestSchema, CreateTeamRequestSchema, RepPasswordSchema, REP_PASSWORD_MIN, type AddRepRequest } from '@rs/protocol';
import { t } from '../i18n/index.ts';

/** A hint under the password fields, from the same rule the server checks. */
export const passwordHint = (): string => t('people.passwordHint', { min: REP_PASSWORD_MIN });

type Issue = { code: string; path: PropertyKey[] };

/** The first problem the server's own schema finds in a field, as a sentence in the admin's language. */
function sentence(issue: Issue): string {
  const field = issue.path[0];
  const small = issue.code === 'too_small';
  const big = issue.code === 'too_big';
  if (field === 'username') return small ? t('people.invalid.usernameRequired') : big ? t('people.invalid.usernameTooLong') : t('people.invalid.usernameFormat');
  if (field === 'displayName') return big ? t('people.invalid.nameTooLong') : t('people.invalid.nameRequired');
  if (field === 'password') return big ? t('people.invalid.passwordLong') : t('people.invalid.passwordShort', { min: REP_PASSWORD_MIN });
  if (field === 'name') return t('people.invalid.teamName');
  return t('errors.code.bad_message');
}

/** Checks "Add representative" with the schema the server applies, before sending; null when it passes. */
export function repInputError(input: AddRepRequest): string | null {
  const parsed = AddRepRequestSchema.safeParse(input);
  return parsed.success ? null : sentence(parsed.error.issues[0]!);
}

export function passwordError(password: string): string | null {
  const parsed = RepPasswordSchema.safeParse(password);
  return parsed.success ? null : sentence({ ...parsed.error.issues[0]!, path: ['password'] });
}

export function teamNameError(name: string): string | null {
  const parsed = CreateTeamRequestSchema.safeParse({ name });
  return parsed.success ? null : sentence(parsed.error.issues[0]!);
}
