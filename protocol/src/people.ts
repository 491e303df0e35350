import { z } from 'zod';
import { IdSchema, PersonNameSchema, RepSchema, TimestampSchema } from './common.ts';
import { TeamSchema } from './workflow.ts';

/**
 * People administration (admins, REST): representatives with their role and
 * sign-in state, and team membership. Disabling a representative revokes
 * their sign-in and closes their live socket with a `signed_out` notice.
 */

export const REP_PASSWORD_MIN = 10;

export const RepRoleSchema = z.enum(['rep', 'admin']);
export type RepRole = z.infer<typeof RepRoleSchema>;

/** What people sign in with: letters, digits and `. _ @ -`, case kept as typed. */
export const RepUsernameSchema = z
  .string()
  .trim()
  .min(1, 'a username is required')
  .max(64, 'a username has at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'a username has only letters, digits and . _ @ -');

export const RepPasswordSchema = z
  .string()
  .min(REP_PASSWORD_MIN, `a password has at least ${REP_PASSWORD_MIN} characters`)
  .max(256, 'a password has at most 256 characters');

/** POST /api/reps (admin): adds a representative (to the General team); `role` defaults to `rep`. Answer: 201 `{ rep: Rep }`. */
export const AddRepRequestSchema = z.object({
  username: RepUsernameSchema,
  displayName: PersonNameSchema,
  password: RepPasswordSchema,
  role: RepRoleSchema.optional(),
});
export type AddRepRequest = z.infer<typeof AddRepRequestSchema>;

/** One representative as the admin's Representatives table shows it. */
export const RepAdminViewSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
  role: RepRoleSchema,
  /** False once an admin disabled them: no sign-in, no live socket, no queue. */
  canSignIn: z.boolean(),
  disabledAt: TimestampSchema.nullable(),
  /** Has a live console connection right now. */
  online: z.boolean(),
  teamIds: z.array(IdSchema),
  createdAt: TimestampSchema,
});
export type RepAdminView = z.infer<typeof RepAdminViewSchema>;

/** GET /api/admin/people (admin): every representative (enabled or not) and every team. */
export const PeopleResponseSchema = z.object({ reps: z.array(RepAdminViewSchema), teams: z.array(TeamSchema) });
export type PeopleResponse = z.infer<typeof PeopleResponseSchema>;

/** POST /api/admin/reps/:id/password (admin): sets a new password; the rep's sign-ins end. Answer: 204. */
export const ResetPasswordRequestSchema = z.object({ password: RepPasswordSchema });

/** PUT /api/admin/reps/:id/role (admin): the last enabled admin keeps the role. Answer: `{ rep: RepAdminView }`. */
export const SetRepRoleRequestSchema = z.object({ role: RepRoleSchema });

/** Answer of the disable, enable and role routes. */
export const RepAdminResponseSchema = z.object({ rep: RepAdminViewSchema });

/** Why the server ended a representative's sign-in from its side. */
export const SignedOutReasonSchema = z.enum(['disabled', 'password_reset']);
export type SignedOutReason = z.infer<typeof SignedOutReasonSchema>;

/**
 * server -> rep live notice (no reply), sent just before the server closes
 * every socket of that representative: their sign-in ended, `message` says why.
 */
export const SignedOutNoticeSchema = z.object({
  type: z.literal('signed_out'),
  reason: SignedOutReasonSchema,
  message: z.string(),
});
export type SignedOutNotice = z.infer<typeof SignedOutNoticeSchema>;

export const SIGNED_OUT_MESSAGES: Record<SignedOutReason, string> = {
  disabled: 'An administrator disabled your account, so you were signed out.',
  password_reset: 'An administrator reset your password, so you were signed out. Sign in with the new password.',
};

/** POST /api/reps (admin): the representative added. */
export const AddRepResponseSchema = z.object({ rep: RepSchema });
