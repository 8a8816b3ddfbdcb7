#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startKafka } from './kafka.ts';
import { ensureLocalServices } from './services.ts';

const usage = `usage:
  node infra/local/src/cli.ts kafka [--port 9092] [--data-dir ./.quarry/kafka]
      runs a single-node Kafka broker in the foreground until Ctrl-C
  node infra/local/src/cli.ts services
      makes sure Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432) answer, starting them if stopped`;

async function runKafka(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '9092' },
      'data-dir': { type: 'string', default: './.quarry/kafka' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${values.port}`);

  const kafka = await startKafka({ port, dataDir: values['data-dir'] });
  process.stdout.write(
    `Kafka bootstrap: ${kafka.brokers.join(',')}\nbroker log: ${kafka.logFile}\nCtrl-C stops it.\n`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('[quarry] stopping Kafka\n');
    await kafka.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const exit = await kafka.exited;
  if (!stopping) {
    process.stderr.write(
      `[quarry] Kafka exited on its own (${JSON.stringify(exit)}); see ${kafka.logFile}\n`,
    );
    process.exit(1);
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'kafka') await runKafka(rest);
  else if (command === 'services') await ensureLocalServices();
  else {
    process.stderr.write(`${usage}\n`);
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`[quarry] ${(error as Error).message}\n`);
  process.exitCode = 1;
}
