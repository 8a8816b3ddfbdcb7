import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lastLines, runCommand } from './exec.ts';
import { freePort, portIsFree } from './free-port.ts';
import { type JavaProcess, javaBinary, spawnJava } from './java-process.ts';
import { log4jProperties, randomClusterId, serverProperties } from './kafka-config.ts';
import { ensureKafkaJars } from './kafka-jars.ts';
import { probeKafka, WrongKafkaError } from './kafka-readiness.ts';
import { progress } from './progress.ts';

export interface StartKafkaOptions {
  /** kept across runs when given; a temporary directory removed by stop() otherwise */
  dataDir?: string;
  /** client port on 127.0.0.1; a free one when omitted */
  port?: number;
  readyTimeoutMs?: number;
  /** Picks the ports chosen here: the controller's, and the client's when `port` is omitted (freePort). */
  pickPort?: () => Promise<number>;
}

export interface RunningKafka {
  brokers: string[];
  logFile: string;
  /** settles if the broker exits on its own */
  exited: Promise<unknown>;
  stop(): Promise<void>;
  /** Freezes the JVM (SIGSTOP): connections stay open but nothing is answered, like a stalled broker. */
  pause(): void;
  /** Thaws a paused broker (SIGCONT); it then handles every request that waited in its sockets. */
  resume(): void;
}

// A port picked free can be taken before the broker binds it (by any process's outgoing connection,
// whose ephemeral ports share the range): the start is tried again on other ports, a few times.
const START_ATTEMPTS = 3;

/** The broker could not bind a port that was free when it was picked. */
class PortTakenError extends Error {}

/** Starts a single-node KRaft broker on loopback and resolves once it serves producers and groups. */
export async function startKafka(options: StartKafkaOptions = {}): Promise<RunningKafka> {
  const libs = await ensureKafkaJars();
  if (options.port !== undefined && !(await portIsFree(options.port))) {
    throw new Error(`cannot start Kafka: 127.0.0.1:${options.port} is already in use`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(libs, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= START_ATTEMPTS) throw error;
      progress('a port picked for Kafka was taken before it could bind it: starting again on others');
    }
  }
}

async function startOnce(libs: string, options: StartKafkaOptions): Promise<RunningKafka> {
  const pickPort = options.pickPort ?? freePort;
  const port = options.port ?? (await pickPort());
  const dataDir = options.dataDir ? resolve(options.dataDir) : await mkdtemp(join(tmpdir(), 'quarry-kafka-'));
  const removeTemporary = async () => {
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const files = {
    config: join(dataDir, 'server.properties'),
    log4j: join(dataDir, 'log4j2.properties'),
    logDir: join(dataDir, 'logs'),
    logFile: join(dataDir, 'broker.log'),
  };
  const brokers = [`127.0.0.1:${port}`];
  let broker: JavaProcess | undefined;
  try {
    await mkdir(dataDir, { recursive: true });
    const controllerPort = await pickPort();
    await writeFile(files.config, serverProperties({ port, controllerPort, logDir: files.logDir }));
    await writeFile(files.log4j, log4jProperties());
    await writeFile(files.logFile, '');
    const jvm = ['-cp', join(libs, '*'), `-Dlog4j2.configurationFile=${files.log4j}`];
    const clusterId = await formatOnce(jvm, files.config, files.logDir);

    broker = spawnJava(
      ['-Xmx512m', '-Djava.awt.headless=true', ...jvm, 'kafka.Kafka', files.config],
      files.logFile,
    );
    progress(`waiting for Kafka on ${brokers[0]} to accept topics, producers and consumer groups`);
    await waitUntilReady(brokers, clusterId, broker.exited, options.readyTimeoutMs ?? 90_000);
  } catch (error) {
    const log = await readFile(files.logFile, 'utf8').catch(() => '');
    await broker?.stop(5_000);
    await removeTemporary();
    const message = `${(error as Error).message}\n--- last lines of ${files.logFile} ---\n${lastLines(log, 40)}`;
    throw log.includes('Address already in use') ? new PortTakenError(message) : new Error(message);
  }
  progress(`Kafka ready on ${brokers[0]}`);
  const running = broker;
  return {
    brokers,
    logFile: files.logFile,
    exited: running.exited,
    stop: async () => {
      running.child.kill('SIGCONT'); // a frozen JVM cannot act on SIGTERM
      await running.stop();
      await removeTemporary();
    },
    pause: () => void running.child.kill('SIGSTOP'),
    resume: () => void running.child.kill('SIGCONT'),
  };
}

/** Formats the storage on first use only, and returns the cluster id that the broker will report. */
async function formatOnce(jvm: string[], config: string, logDir: string): Promise<string> {
  const meta = join(logDir, 'meta.properties');
  if (!existsSync(meta)) {
    progress(`formatting Kafka storage in ${logDir}`);
    const format = ['kafka.tools.StorageTool', 'format', '-t', randomClusterId(), '-c', config];
    await runCommand(javaBinary(), [...jvm, ...format], 120_000);
  }
  const clusterId = /^cluster\.id=(.+)$/m.exec(await readFile(meta, 'utf8'))?.[1]?.trim();
  if (!clusterId) throw new Error(`${meta} names no cluster.id`);
  return clusterId;
}

async function waitUntilReady(
  brokers: string[],
  clusterId: string,
  exited: Promise<unknown>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let brokerExit: unknown;
  void exited.then((exit) => {
    brokerExit = exit;
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (brokerExit) throw new Error(`Kafka exited before it was ready: ${JSON.stringify(brokerExit)}`);
    try {
      await probeKafka(brokers, clusterId, Math.min(10_000, Math.max(1_000, deadline - Date.now())));
      return;
    } catch (error) {
      if (error instanceof WrongKafkaError) throw error;
      lastError = error;
      await sleep(250);
    }
  }
  throw new Error(`Kafka on ${brokers.join(',')} was not ready within ${timeoutMs} ms: ${lastError}`);
}
