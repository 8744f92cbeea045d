import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createConnection, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';

const SSL_REQUEST_CODE = 80877103;

/** A self-signed certificate for 127.0.0.1, as hosted Postgres services use a private CA. */
export function selfSignedCertificate(): { key: string; cert: string; certFile: string } {
  const folder = mkdtempSync(join(tmpdir(), 'inreach-tls-'));
  const keyFile = join(folder, 'key.pem');
  const certFile = join(folder, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/**
 * Stands in front of a Postgres without TLS and speaks TLS to clients that ask for it, the
 * way Supabase does; counts the sessions of each kind so a test sees what the client chose.
 */
export class TlsPostgresProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  tlsSessions = 0;
  plainSessions = 0;
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly certificate: { key: string; cert: string },
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private accept(client: Socket): void {
    this.track(client);
    client.once('data', (first: Buffer) => {
      const upstream = this.track(createConnection(this.target.port, this.target.host));
      if (first.length === 8 && first.readInt32BE(4) === SSL_REQUEST_CODE) {
        client.write('S');
        const secure = new TLSSocket(client, { isServer: true, ...this.certificate });
        secure.on('error', () => client.destroy());
        secure.once('secure', () => this.tlsSessions++);
        secure.pipe(upstream).pipe(secure);
        return;
      }
      this.plainSessions++;
      upstream.write(first);
      client.pipe(upstream).pipe(client);
    });
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  }
}
