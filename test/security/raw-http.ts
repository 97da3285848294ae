// Raw HTTP over a socket for attack tests: send exactly the bytes an attacker would (headers without a body, trickles).
import net from 'node:net';

/** Sends raw bytes and collects what the server answers until it closes the connection (or waitMs passes). */
export function rawExchange(url: string, request: string, waitMs: number): Promise<{ answer: string; closedByServer: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    const timer = setTimeout(() => { socket.destroy(); resolve({ answer, closedByServer: false }); }, waitMs);
    socket.on('data', (chunk: Buffer) => { answer += chunk.toString('latin1'); });
    socket.on('close', () => { clearTimeout(timer); resolve({ answer, closedByServer: true }); });
    socket.on('error', (error) => { clearTimeout(timer); if (answer) resolve({ answer, closedByServer: true }); else reject(error); });
  });
}

export function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}
