import nodemailer from 'nodemailer';
import { ProtocolError } from '@rs/protocol';
import type { WorkflowConfig } from './config.ts';
import { log } from '../observability/log.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail; the real one is SMTP through nodemailer. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** An SMTP mailer from the SMTP_* settings; without SMTP_HOST every send is a typed `invalid_state` error. */
export function smtpMailer(smtp: WorkflowConfig['smtp']): Mailer {
  if (!smtp.host) {
    return {
      send: async () => {
        throw new ProtocolError('invalid_state', 'email is not configured on this server (set SMTP_HOST)');
      },
      close: () => {},
    };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({ from: smtp.from, ...message });
      } catch (err) {
        log.error({ err }, 'sending mail failed');
        throw new ProtocolError('internal', `the mail server did not take the message: ${(err as Error).message}`.slice(0, 300));
      }
    },
    close: () => transport.close(),
  };
}
