// tl-email-out through the SDK harness against a real SMTP server (smtp-server on loopback): attachment, login, 5xx rejection, unreachable server, recipients.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness } from '../../nodes/sdk/index.js';
import { emailOutNode } from '../../nodes/email/index.js';
import { freePort } from '../support/free-port.js';

interface Received { from: string; to: string[]; raw: string; user: string | undefined }

const received: Received[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    // Plain login on loopback, for the test only: a real relay is reached with starttls or tls.
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'purchasing' && auth.password === 'right-password') callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@closed.example')) callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address), raw: Buffer.concat(chunks).toString('utf8'), user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function harness(config: Record<string, unknown>, credentials: Record<string, string> = {}) {
  const services = createMemoryServices();
  const node = createNodeHarness(emailOutNode, { host: '127.0.0.1', port, security: 'none', from: 'Purchasing <purchasing@distributor.example>', ...config }, { services, credentials });
  return { services, node };
}

describe('tl-email-out', () => {
  it('mails the purchase order as an attachment, logged in, with the subject filled and a stable Message-ID', async () => {
    const { services, node } = harness({ to: 'orders@supplier.example', cc: 'buyer@distributor.example', username: 'purchasing', subject: 'Purchase order {poNumber}' }, { password: 'right-password' });
    const harnessed = await node;
    const message = { correlationId: 'mail-1', documentType: 'purchaseOrder', partnerId: 'acme', ledgerId: 'doc-parent', payload: { poNumber: 'PO-4711', lines: [{ sku: 'A', quantity: 2 }] } };
    const result = await harnessed.send(message);
    expect(result.error).toBeUndefined();
    const mail = received.at(-1)!;
    expect(mail).toMatchObject({ from: 'purchasing@distributor.example', to: ['orders@supplier.example', 'buyer@distributor.example'], user: 'purchasing' });
    expect(mail.raw).toContain('Subject: Purchase order PO-4711');
    expect(mail.raw).toMatch(/filename=mail-1\.json/);
    const attachment = /Content-Transfer-Encoding: base64\r\n(?:[^\r\n]+\r\n)*?\r\n([A-Za-z0-9+/=\r\n]+)/.exec(mail.raw.slice(mail.raw.indexOf('mail-1.json')))?.[1];
    expect(JSON.parse(Buffer.from(attachment!.replace(/\s+/g, ''), 'base64').toString('utf8'))).toEqual(message.payload);
    const email = result.outputs[0]![0]!.email as { messageId: string; accepted: string[] };
    expect(mail.raw).toContain(`Message-ID: <${email.messageId}>`);
    expect(email.accepted).toEqual(['orders@supplier.example', 'buyer@distributor.example']);
    // The same message again gets the same Message-ID: a retry is recognisable.
    const again = await harnessed.send(message);
    expect((again.outputs[0]![0]!.email as { messageId: string }).messageId).toBe(email.messageId);
    const [document] = services.ledger.all();
    expect(document).toMatchObject({ direction: 'out', channel: 'email', status: 'sent', documentType: 'purchaseOrder', partnerId: 'acme', parentId: 'doc-parent', facts: expect.objectContaining({ attachment: 'mail-1.json', subject: 'Purchase order PO-4711' }) });
    await harnessed.close();
  });

  it('a recipient the server refuses (550) fails for good, recorded as failed; the wrong password fails with EMAIL_AUTH_FAILED', async () => {
    const { services, node } = harness({ to: 'nobody@closed.example' });
    const refused = await node;
    const result = await refused.send({ correlationId: 'mail-2', payload: 'ISA*00~' });
    expect(result.error).toMatchObject({ code: 'EMAIL_REJECTED', retryable: false });
    expect(services.ledger.all()).toEqual([expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 'EMAIL_REJECTED' })] })]);
    await refused.close();
    const wrongLogin = await harness({ to: 'orders@supplier.example', username: 'purchasing' }, { password: 'wrong' }).node;
    expect((await wrongLogin.send({ correlationId: 'mail-3', payload: {} })).error).toMatchObject({ code: 'EMAIL_AUTH_FAILED', retryable: false });
    await wrongLogin.close();
  });

  it('an unreachable server is retryable and leaves no ledger document; no recipient is a located error', async () => {
    const { services, node } = harness({ port: await freePort(), to: 'orders@supplier.example', timeoutMs: 2000 });
    const down = await node;
    expect((await down.send({ correlationId: 'mail-4', payload: {} })).error).toMatchObject({ code: 'EMAIL_UNAVAILABLE', retryable: true });
    expect(services.ledger.all()).toEqual([]);
    await down.close();
    const noRecipient = await harness({}).node;
    expect((await noRecipient.send({ correlationId: 'mail-5', payload: {} })).error).toMatchObject({ code: 'EMAIL_NO_RECIPIENT', details: [{ path: 'to', message: 'is required (or msg.to)' }] });
    expect((await noRecipient.send({ correlationId: 'mail-6', payload: {}, to: ['not an address'] })).error).toMatchObject({ code: 'EMAIL_NO_RECIPIENT' });
    const toFromMessage = await noRecipient.send({ correlationId: 'mail-7', payload: 'plain', to: 'a@one.example, b@two.example' });
    expect(toFromMessage.error).toBeUndefined();
    expect(received.at(-1)!.to).toEqual(['a@one.example', 'b@two.example']);
    await noRecipient.close();
  });
});
