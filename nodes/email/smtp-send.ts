// One e-mail over SMTP through nodemailer, and the classification of what went wrong: connection and 4xx retryable, 5xx rejections permanent.
import nodemailer from 'nodemailer';
import { NodeError } from '../sdk/index.js';

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  username: string;
  password: string | undefined;
  timeoutMs: number;
}

export interface Mail {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  messageId: string;
  attachments: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface SentMail {
  accepted: string[];
  response: string;
}

export function smtpTransport(settings: SmtpSettings) {
  return nodemailer.createTransport({
    host: settings.host, port: settings.port, secure: settings.security === 'tls', requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.username ? { auth: { user: settings.username, pass: settings.password ?? '' } } : {}),
    connectionTimeout: settings.timeoutMs, greetingTimeout: settings.timeoutMs, socketTimeout: settings.timeoutMs,
  });
}

/** Sends; every failure becomes a coded NodeError the queue or retry node before it acts on. */
export async function sendMail(transport: ReturnType<typeof smtpTransport>, mail: Mail): Promise<SentMail> {
  try {
    const info = await transport.sendMail({
      from: mail.from, to: mail.to, ...(mail.cc.length ? { cc: mail.cc } : {}), subject: mail.subject, text: mail.text, messageId: `<${mail.messageId}>`,
      attachments: mail.attachments,
    });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length) throw new NodeError('EMAIL_REJECTED', `the mail server refused ${rejected.join(', ')}: ${info.response}`, { retryable: false, details: rejected.map((address) => ({ path: 'to', message: `${address} was refused` })) });
    return { accepted: (info.accepted ?? []).map(String), response: String(info.response ?? '') };
  } catch (thrown) {
    if (thrown instanceof NodeError) throw thrown;
    const error = thrown as Error & { code?: string; responseCode?: number; response?: string };
    // A refused login also carries a 5xx (535): it is named first, since the fix is the credential, not the mail.
    if (error.code === 'EAUTH') throw new NodeError('EMAIL_AUTH_FAILED', `the mail server refused our login: ${error.message}`, { retryable: false, cause: error });
    if (error.responseCode && error.responseCode >= 500) {
      throw new NodeError('EMAIL_REJECTED', `the mail server refused the mail (${error.responseCode}): ${error.response ?? error.message}`, { retryable: false, cause: error, details: { responseCode: error.responseCode } });
    }
    // Connection failures, timeouts and 4xx answers are transient: the same mail can be sent again later.
    throw new NodeError('EMAIL_UNAVAILABLE', `sending failed: ${error.message}${error.code ? ` (${error.code})` : ''}`, { retryable: true, cause: error, details: { ...(error.responseCode ? { responseCode: error.responseCode } : {}), ...(error.code ? { code: error.code } : {}) } });
  }
}
