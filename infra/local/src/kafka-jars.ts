import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './exec.ts';
import { progress } from './progress.ts';

export const KAFKA_VERSION = '4.3.1';
const POM = fileURLToPath(new URL('../kafka/pom.xml', import.meta.url));
const REQUIRED_JARS = [
  `kafka_2.13-${KAFKA_VERSION}.jar`,
  `kafka-tools-${KAFKA_VERSION}.jar`,
  'log4j-core-2.24.3.jar',
  'log4j-slf4j-impl-2.24.3.jar',
];

export function quarryCacheDir(): string {
  return process.env.QUARRY_CACHE_DIR ?? join(homedir(), '.cache', 'quarry');
}

/**
 * Returns the directory holding the broker's runtime jars, fetching them from Maven Central on first use.
 * Jars land in a staging directory renamed into place, so a killed fetch never looks complete.
 */
export async function ensureKafkaJars(): Promise<string> {
  const libs = join(quarryCacheDir(), `kafka-${KAFKA_VERSION}`, 'libs');
  if (hasRequiredJars(libs)) return libs;

  const staging = `${libs}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  progress(`fetching Kafka ${KAFKA_VERSION} jars with Maven into ${libs} (first run only, about a minute)`);
  const args = ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`];
  await runCommand('mvn', args, 15 * 60_000).catch((error: unknown) => {
    throw new Error(`could not fetch the Kafka jars (Maven with Maven Central is required): ${error}`);
  });
  if (!hasRequiredJars(staging)) throw new Error(`Maven finished but ${staging} lacks the Kafka jars`);

  if (!hasRequiredJars(libs)) {
    await rm(libs, { recursive: true, force: true });
    await rename(staging, libs).catch(() => undefined); // a concurrent fetch may have won the rename
  }
  await rm(staging, { recursive: true, force: true });
  if (!hasRequiredJars(libs)) throw new Error(`Kafka jars missing from ${libs} after fetching`);
  progress('Kafka jars ready');
  return libs;
}

function hasRequiredJars(dir: string): boolean {
  return REQUIRED_JARS.every((jar) => existsSync(join(dir, jar)));
}
