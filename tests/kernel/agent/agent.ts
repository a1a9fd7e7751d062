/**
 * The process that plays a scenario host's userland inside its network
 * namespace. It reads one JSON command per line on stdin and answers one JSON
 * line on stdout:
 *   {id, op: "listen", proto, port, addresses}  sockets that accept (TCP) or echo (UDP)
 *   {id, op: "flow", proto, dst, dport, sport, timeoutMs}  one client exchange
 * Sockets stay open until stdin closes, so no FIN or late reset disturbs the
 * capture: the scenario ends with the connections as the handshake left them.
 *
 * Run directly by Node (type stripping), so it imports nothing but node: modules
 * and uses only erasable TypeScript.
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as readline from 'node:readline';

/** Payloads that tell a request from its echo in the capture. */
const REQUEST = 'pw-request';
const REPLY = 'pw-reply';

interface ListenCommand {
  id: number;
  op: 'listen';
  proto: 'tcp' | 'udp';
  port: number;
  /** Local addresses to bind; one UDP socket each, so a reply leaves from the address the request reached. */
  addresses: string[];
}

interface FlowCommand {
  id: number;
  op: 'flow';
  proto: 'tcp' | 'udp';
  dst: string;
  dport: number;
  sport: number;
  timeoutMs: number;
}

type Command = ListenCommand | FlowCommand;

/** What the client socket saw: connected/answered, an errno, or nothing in time. */
interface FlowResult {
  event: 'connected' | 'answered' | 'error' | 'timeout';
  code?: string;
}

const keep: unknown[] = [];

function answer(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function listenTcp(address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      keep.push(socket);
    });
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => resolve());
    keep.push(server);
  });
}

function listenUdp(address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (_data, from) => socket.send(REPLY, from.port, from.address));
    socket.once('error', reject);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.on('error', () => undefined);
      resolve();
    });
    keep.push(socket);
  });
}

async function listen(command: ListenCommand): Promise<void> {
  for (const address of command.addresses) {
    if (command.proto === 'tcp') await listenTcp(address, command.port);
    else await listenUdp(address, command.port);
  }
}

function tcpFlow(command: FlowCommand): Promise<FlowResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: command.dst, port: command.dport, localPort: command.sport });
    const timer = setTimeout(() => {
      // Closing in SYN_SENT sends nothing (tcp_close: no FIN before ESTABLISHED).
      socket.destroy();
      resolve({ event: 'timeout' });
    }, command.timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      keep.push(socket);
      resolve({ event: 'connected' });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      resolve({ event: 'error', code: errnoOf(error) });
    });
  });
}

function udpFlow(command: FlowCommand): Promise<FlowResult> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    keep.push(socket);
    let settled = false;
    const settle = (result: FlowResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => settle({ event: 'timeout' }), command.timeoutMs);
    // A connected socket hears ICMP errors (as ECONNREFUSED …), as most UDP clients do.
    socket.on('error', (error) => settle({ event: 'error', code: errnoOf(error) }));
    socket.on('message', () => settle({ event: 'answered' }));
    socket.bind({ port: command.sport, exclusive: true }, () => {
      socket.connect(command.dport, command.dst, (error?: Error) => {
        if (error) return settle({ event: 'error', code: errnoOf(error) });
        socket.send(REQUEST, (sendError) => {
          if (sendError) settle({ event: 'error', code: errnoOf(sendError) });
        });
      });
    });
  });
}

async function handle(command: Command): Promise<void> {
  try {
    if (command.op === 'listen') {
      await listen(command);
      answer({ id: command.id, ok: true });
    } else {
      const result = command.proto === 'tcp' ? await tcpFlow(command) : await udpFlow(command);
      answer({ id: command.id, ok: true, ...result });
    }
  } catch (error) {
    answer({ id: command.id, ok: false, error: errnoOf(error) });
  }
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim()) void handle(JSON.parse(line) as Command);
});
lines.on('close', () => process.exit(0));
answer({ id: 0, ok: true, ready: true });
