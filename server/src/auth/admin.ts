import type { Store } from '../store/store.ts';
import { hashPassword, randomId } from './secrets.ts';

/**
 * On first start, creates the admin representative. The password comes from
 * ADMIN_PASSWORD or is generated and returned once for printing; there is no
 * default password.
 */
export async function ensureAdmin(
  store: Store,
  username: string,
  password: string | null,
): Promise<{ created: false } | { created: true; username: string; generatedPassword: string | null }> {
  if ((await store.countReps()) > 0) return { created: false };
  const actual = password ?? randomId(15);
  try {
    await store.createRep({
      id: randomId(),
      username,
      displayName: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(actual),
      createdAt: Date.now(),
    });
  } catch (err) {
    // Several nodes starting on one empty database: one of them creates the admin, the others find it made.
    if ((await store.countReps()) > 0) return { created: false };
    throw err;
  }
  return { created: true, username, generatedPassword: password ? null : actual };
}
