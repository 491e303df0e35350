import type { Router } from 'express';
import { afterCommit } from '../store/after-commit.ts';
import { randomId } from '../auth/secrets.ts';
import type { Services } from '../services.ts';
import type { Store } from '../store/store.ts';
import { itsmRouter } from '../itsm/routes.ts';
import { WebhookDispatcher } from '../itsm/webhooks.ts';
import { SessionKeys } from './keys.ts';
import { smtpMailer, type Mailer } from './mailer.ts';
import { workflowRouter } from './routes.ts';

/** On first start: the default "General" team, with the representatives that exist then (the admin). */
export async function ensureDefaultTeam(store: Store): Promise<void> {
  if ((await store.workflow.teams()).length > 0) return;
  const team = { id: randomId(), name: 'General', createdAt: Date.now() };
  await store.workflow.createTeam(team);
  for (const rep of await store.workflow.repDirectory()) await store.workflow.addTeamMember(team.id, rep.id);
}

/**
 * The representative workflow, wired: session keys and mail, hold/transfer
 * (in Sessions), history, journal and ITSM webhooks. Returns the routers to
 * mount under /api and a close for shutdown.
 */
export async function startWorkflow(services: Services, mailer?: Mailer): Promise<{ routers: Router[]; close(): void }> {
  const { store, sessions, config } = services;
  const wf = config.workflow;
  await ensureDefaultTeam(store);
  const mail = mailer ?? smtpMailer(wf.smtp);
  const keys = new SessionKeys({ store, sessions, config: wf, publicUrl: config.publicUrl, mailer: mail, counters: services.counters });
  // Unset: one generated secret in the store, so a link signed by one node (or before a restart) verifies on every node.
  const urlSecret = wf.urlSigningSecret ?? (await store.serverSecret('url-signing', randomId(32), Date.now()));
  const webhooks = new WebhookDispatcher({
    store,
    publicUrl: config.publicUrl,
    urlSecret,
    signedUrlTtlMs: wf.signedUrlTtlMs,
    maxAttempts: wf.webhookMaxAttempts,
    retryBaseMs: wf.webhookRetryBaseMs,
    allowPrivate: wf.webhookAllowPrivate,
    onFailure: (outcome) => services.metrics.webhookFailures.inc({ outcome }),
  });
  // In the close's own transaction: the journal entry and the webhook deliveries commit with the session's end
  // (a crash cannot end a session and lose its history); the posting starts once it committed.
  sessions.onSessionClosed(async (session) => {
    const route = await store.workflow.route(session.id);
    if (route?.incident) {
      await store.workflow.appendJournal({
        id: randomId(),
        incident: route.incident,
        kind: 'remote_support_history',
        at: session.endedAt ?? Date.now(),
        text: `Remote Support History: session with ${session.customerName} ended.`,
        sessionId: session.id,
      });
    }
    await webhooks.record(session.id);
    afterCommit(() => void webhooks.kick());
  });
  return {
    routers: [workflowRouter(services, keys), itsmRouter(services, urlSecret)],
    close: () => {
      webhooks.close();
      mail.close();
    },
  };
}
